namespace JobQueue.Dashboard.Audit;

/// <summary><c>GET /api/audit</c>: a page of entries, newest first, and how many match.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntryDto> Items, int Total);
