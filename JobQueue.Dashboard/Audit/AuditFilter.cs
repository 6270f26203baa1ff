namespace JobQueue.Dashboard.Audit;

/// <summary>What the audit page and <c>GET /api/audit</c> filter by; every part may be left out.</summary>
/// <param name="Actor">Part of the actor's name (e-mail), any case.</param>
/// <param name="Target">Part of the target (a queue, user, worker, key or job), any case.</param>
public sealed record AuditFilter(string? Action = null, string? Actor = null, string? Target = null, DateTime? From = null, DateTime? To = null,
    int Page = 1, int PageSize = 50);
