namespace JobQueue.Dashboard.Audit;

public sealed record AuditEntryDto(long Id, DateTime At, string ActorId, string Actor, string Action, string Target, string? Details, string? Address, string Via)
{
    public static AuditEntryDto From(AuditEntry entry) =>
        new(entry.Id, entry.At, entry.ActorId, entry.Actor, entry.Action, entry.Target, entry.Details, entry.Address, entry.Via);
}
