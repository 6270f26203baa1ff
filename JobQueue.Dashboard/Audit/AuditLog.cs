using JobQueue.Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace JobQueue.Dashboard.Audit;

/// <summary>
/// The audit trail: each admin action (users, queues, workers, dead letters, wall keys) is recorded once it is done,
/// with who, when, what and from where, whether it came from a page or the API. A record that cannot be stored is
/// logged at Error with everything it would have held (the action stays done), so nothing is lost without a trace.
/// </summary>
public sealed class AuditLog(IServiceScopeFactory scopes, TimeProvider time, ILogger<AuditLog> logger)
{
    public async Task RecordAsync(Actor actor, string action, string target, string? details = null)
    {
        var entry = new AuditEntry
        {
            At = time.GetUtcNow().UtcDateTime,
            ActorId = actor.UserId,
            Actor = Cut(actor.Name),
            Action = action,
            Target = Cut(target),
            Details = details is null ? null : Cut(details),
            Address = actor.Address,
            Via = actor.Via,
        };
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
            db.AuditEntries.Add(entry);
            // Not the caller's token: a request that ends right after its action must still leave its record.
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not record {Action} on {Target} by {Actor} ({Via}, {Address}) in the audit trail; details: {Details}",
                action, target, actor.Name, actor.Via, actor.Address, details);
        }
    }

    public async Task<AuditPage> ListAsync(AuditFilter filter, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
        var query = db.AuditEntries.AsNoTracking();
        if (filter.Action is { Length: > 0 } action)
            query = query.Where(e => e.Action == action);
        // Any case on every provider (PostgreSQL's LIKE minds case): both sides lowered; a % or _ typed matches as LIKE does.
        if (filter.Actor?.ToLowerInvariant() is { Length: > 0 } actor)
            query = query.Where(e => EF.Functions.Like(e.Actor.ToLower(), "%" + actor + "%"));
        if (filter.Target?.ToLowerInvariant() is { Length: > 0 } target)
            query = query.Where(e => EF.Functions.Like(e.Target.ToLower(), "%" + target + "%"));
        if (filter.From is { } from)
            query = query.Where(e => e.At >= from);
        if (filter.To is { } to)
            query = query.Where(e => e.At < to);
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Skip((filter.Page - 1) * filter.PageSize).Take(filter.PageSize).ToListAsync(cancellationToken);
        return new AuditPage(items.Select(AuditEntryDto.From).ToList(), total);
    }

    private static string Cut(string text) => text.Length <= AuditEntry.MaxTextLength ? text : text[..(AuditEntry.MaxTextLength - 1)] + "…";
}
