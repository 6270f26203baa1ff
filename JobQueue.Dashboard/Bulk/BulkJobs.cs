using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using JobQueue.Dashboard.Audit;
using JobQueue.Dashboard.Broker;
using JobQueue.Dashboard.Data;
using JobQueue.Dashboard.DeadLetters;
using JobQueue.Dashboard.Identity;
using JobQueue.Dashboard.Jobs;
using JobQueue.Dashboard.Live;
using JobQueue.Shared.Contracts;
using Microsoft.EntityFrameworkCore;

namespace JobQueue.Dashboard.Bulk;

/// <summary>
/// Acts on every job a filter matches (cancel, retry, delete), on the server, in batches of <see cref="BatchSize"/>:
/// the caller sees the count first, starts the operation, and follows its progress (stored, so any dashboard can
/// answer; pushed on this dashboard's live stream as <see cref="LiveEvent.BulkProgressed"/>). Only jobs created (and,
/// to retry or delete, finished) before the operation started are taken, and each batch is the first jobs still
/// matching, so a job is never taken twice and the operation ends. A user acts on their own jobs; an admin on everyone's (and may filter by owner).
/// </summary>
public sealed class BulkJobs(IServiceScopeFactory scopes, BrokerGateway broker, LiveEvents live, AuditLog audit, TimeProvider time,
    ILogger<BulkJobs> logger)
{
    public const int BatchSize = 1000;

    internal static readonly JsonSerializerOptions FilterJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly Channel<Guid> _pending = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Operations started on this dashboard and not yet run (<see cref="BulkRunner"/> runs them, one at a time).</summary>
    public ChannelReader<Guid> Pending => _pending.Reader;

    /// <summary>The statuses an action takes; a filter's status outside them matches nothing.</summary>
    public static IReadOnlyList<JobStatus> Takes(BulkAction action) => action switch
    {
        BulkAction.Cancel => [JobStatus.Scheduled, JobStatus.Queued, JobStatus.Running, JobStatus.Retrying],
        BulkAction.Retry => [JobStatus.Failed],
        _ => JobTransitions.TerminalStatuses,
    };

    public async Task<int> CountAsync(BulkFilter filter, BulkAction action, JobViewer viewer, CancellationToken cancellationToken)
    {
        EnsureAllowed(action, viewer);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
        return await CountAsync(db, filter, action, viewer.UserId, viewer.IsAdmin, time.GetUtcNow().UtcDateTime, cancellationToken);
    }

    /// <summary>Every dead letter is everyone's: only an admin counts or deletes them all (the routes check this first; this is the last wall).</summary>
    private static void EnsureAllowed(BulkAction action, JobViewer viewer)
    {
        if (action == BulkAction.DeleteDeadLetters && !viewer.IsAdmin)
            throw new UnauthorizedAccessException("Only an admin deletes every dead letter.");
    }

    private static Task<int> CountAsync(JobQueueDbContext db, BulkFilter filter, BulkAction action, string ownerId, bool asAdmin, DateTime before,
        CancellationToken cancellationToken) =>
        action == BulkAction.DeleteDeadLetters
            // The dead letters that were there when it started.
            ? db.DeadLetters.CountAsync(d => d.DeadAt <= before, cancellationToken)
            : Matching(db, filter, action, ownerId, asAdmin, before).CountAsync(cancellationToken);

    public async Task<BulkOperationDto> StartAsync(BulkFilter filter, BulkAction action, JobViewer viewer, Actor by, CancellationToken cancellationToken)
    {
        EnsureAllowed(action, viewer);
        var now = time.GetUtcNow().UtcDateTime;
        BulkOperation operation;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
            operation = new BulkOperation
            {
                Id = Guid.CreateVersion7(),
                Action = action,
                Filter = JsonSerializer.Serialize(filter, FilterJson),
                OwnerId = viewer.UserId,
                Owner = viewer.Name,
                AsAdmin = viewer.IsAdmin,
                CreatedAt = now,
                Status = BulkOperationStatus.Queued,
                Total = await CountAsync(db, filter, action, viewer.UserId, viewer.IsAdmin, now, cancellationToken),
            };
            db.BulkOperations.Add(operation);
            await db.SaveChangesAsync(cancellationToken);
        }
        await audit.RecordAsync(by, AuditAction(action, filter), action == BulkAction.DeleteDeadLetters ? "all dead letters" : Describe(filter),
            $"{operation.Total} matching {(action == BulkAction.DeleteDeadLetters ? "dead letter(s)" : "job(s)")}; operation {operation.Id}");
        _pending.Writer.TryWrite(operation.Id);
        return BulkOperationDto.From(operation);
    }

    /// <returns>The operation, or null when there is none the viewer may see (their own; admins see all).</returns>
    public async Task<BulkOperationDto?> FindAsync(Guid id, JobViewer viewer, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
        var operation = await db.BulkOperations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        return operation is not null && (viewer.IsAdmin || operation.OwnerId == viewer.UserId) ? BulkOperationDto.From(operation) : null;
    }

    /// <summary>Runs one operation to its end (or until <paramref name="stopping"/>: then it is Interrupted, what it did stays done).</summary>
    internal async Task RunAsync(Guid id, CancellationToken stopping)
    {
        BulkOperation operation;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
            operation = await db.BulkOperations.AsNoTracking().SingleAsync(o => o.Id == id, stopping);
        }
        var filter = JsonSerializer.Deserialize<BulkFilter>(operation.Filter, FilterJson)!;
        var done = 0;
        var status = BulkOperationStatus.Done;
        string? error = null;
        await SetProgressAsync(id, BulkOperationStatus.Running, 0, null, null);
        try
        {
            for (var conflicts = 0; ;)
            {
                stopping.ThrowIfCancellationRequested();
                if (await RunBatchAsync(operation, filter, stopping) is not { } taken)
                {
                    // Jobs of the batch changed meanwhile (the recorder wrote one): read the batch again.
                    if (++conflicts > MaxConflicts)
                        throw new InvalidOperationException($"The jobs kept changing while they were taken ({MaxConflicts} times in a row).");
                    continue;
                }
                if (taken == 0)
                    break;
                conflicts = 0;
                done += taken;
                await SetProgressAsync(id, BulkOperationStatus.Running, done, null, null);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            status = BulkOperationStatus.Interrupted;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Bulk {Action} {Operation} failed after {Done} of {Total} job(s)", operation.Action, id, done, operation.Total);
            (status, error) = (BulkOperationStatus.Failed, ex.Message);
        }
        await SetProgressAsync(id, status, done, time.GetUtcNow().UtcDateTime, error);
        logger.LogInformation("Bulk {Action} {Operation} by {Owner}: {Status}, {Done} of {Total} job(s)", operation.Action, id, operation.Owner,
            status, done, operation.Total);
    }

    private const int MaxConflicts = 20;

    /// <returns>How many jobs this batch took (0 when none matches any more), or null when they changed meanwhile and nothing was taken.</returns>
    private async Task<int?> RunBatchAsync(BulkOperation operation, BulkFilter filter, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
        var matching = Matching(db, filter, operation.Action, operation.OwnerId, operation.AsAdmin, operation.CreatedAt)
            .OrderBy(j => j.CreatedAt).ThenBy(j => j.Id).Take(BatchSize);
        var now = time.GetUtcNow().UtcDateTime;
        switch (operation.Action)
        {
            case BulkAction.DeleteDeadLetters:
            {
                var ids = await db.DeadLetters.Where(d => d.DeadAt <= operation.CreatedAt).OrderBy(d => d.Id).Take(BatchSize)
                    .Select(d => d.Id).ToListAsync(cancellationToken);
                if (ids.Count > 0)
                {
                    await db.DeadLetters.Where(d => ids.Contains(d.Id)).ExecuteDeleteAsync(cancellationToken);
                    live.Publish(new LiveEvent.DeadLettersChanged());
                }
                return ids.Count;
            }
            case BulkAction.Delete:
            {
                var ids = await matching.Select(j => j.Id).ToListAsync(cancellationToken);
                if (ids.Count > 0)
                    await db.Jobs.Where(j => ids.Contains(j.Id)).ExecuteDeleteAsync(cancellationToken);
                return ids.Count;
            }
            case BulkAction.Cancel:
            {
                var jobs = await matching.ToListAsync(cancellationToken);
                var changes = jobs.Select(job => (Job: job, Kind: job.RequestCancel(now))).Where(c => c.Kind is not null).ToList();
                if (!await SaveAsync(db, cancellationToken))
                    return null;
                if (changes.Count > 0)
                {
                    // One cancel for the whole batch: the workers running some stop them, the others remember the ids.
                    await broker.PublishControlAsync(new ControlCommand(ControlCommandKind.CancelJobs, JobIds: changes.Select(c => c.Job.Id).ToList()),
                        cancellationToken);
                    await broker.PublishNoticesAsync(changes.Select(c => c.Job.ToNotice(c.Kind!.Value, now)).ToList(), cancellationToken);
                }
                return jobs.Count;
            }
            default:
            {
                var jobs = await matching.ToListAsync(cancellationToken);
                var requeued = jobs.Where(job => job.Requeue(now, operation.Owner)).ToList();
                var ids = requeued.Select(j => j.Id).ToList();
                if (!await SaveAsync(db, cancellationToken))
                    return null;
                if (ids.Count > 0)
                {
                    await db.DeadLetters.Where(d => d.JobId != null && ids.Contains(d.JobId.Value)).ExecuteDeleteAsync(cancellationToken);
                    live.Publish(new LiveEvent.DeadLettersChanged());
                    await scope.ServiceProvider.GetRequiredService<JobService>().PublishQueuedAsync(requeued, cancellationToken);
                }
                return jobs.Count;
            }
        }
    }

    private static async Task<bool> SaveAsync(JobQueueDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }

    private async Task SetProgressAsync(Guid id, BulkOperationStatus status, int done, DateTime? finishedAt, string? error)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
            await db.BulkOperations.Where(o => o.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(o => o.Status, status)
                .SetProperty(o => o.Done, done)
                .SetProperty(o => o.FinishedAt, finishedAt)
                .SetProperty(o => o.Error, error), CancellationToken.None);
        }
        live.Publish(new LiveEvent.BulkProgressed(id));
    }

    private static IQueryable<Job> Matching(JobQueueDbContext db, BulkFilter filter, BulkAction action, string ownerId, bool asAdmin, DateTime createdBefore)
    {
        var takes = Takes(action);
        var query = db.Jobs.Where(j => takes.Contains(j.Status) && j.CreatedAt <= createdBefore);
        // A retried job that fails again is Failed again: only jobs that finished before the operation started are
        // taken, so none is taken twice (a cancelled job is never cancellable again, a deleted one is gone).
        if (action is BulkAction.Retry or BulkAction.Delete)
            query = query.Where(j => j.FinishedAt <= createdBefore);
        if (!asAdmin)
            query = query.Where(j => j.OwnerId == ownerId);
        else if (filter.Owner is { Length: > 0 } owner)
            query = query.Where(j => j.Owner == owner);
        if (filter.Status is { } status)
            query = query.Where(j => j.Status == status);
        if (filter.Type is { Length: > 0 } type)
            query = query.Where(j => j.Type == type);
        if (filter.Queue is { Length: > 0 } queue)
            query = query.Where(j => j.Queue == queue);
        if (filter.CreatedFrom is { } from)
            query = query.Where(j => j.CreatedAt >= from);
        if (filter.CreatedTo is { } to)
            query = query.Where(j => j.CreatedAt < to);
        if (filter.DeadLettered)
        {
            // Captured outside the expression: an expression tree cannot hold an extension property.
            var deadLetters = db.DeadLetters;
            query = query.Where(j => deadLetters.Any(d => d.JobId == j.Id));
        }
        return query;
    }

    private static string AuditAction(BulkAction action, BulkFilter filter) => action switch
    {
        BulkAction.DeleteDeadLetters => AuditActions.DeadLettersDeletedAll,
        BulkAction.Retry when filter.DeadLettered => AuditActions.DeadLettersRequeuedAll,
        BulkAction.Cancel => AuditActions.JobsBulkCancel,
        BulkAction.Retry => AuditActions.JobsBulkRetry,
        _ => AuditActions.JobsBulkDelete,
    };

    /// <summary>The filter in words, as the audit trail's target: "status=Queued, queue=reports".</summary>
    public static string Describe(BulkFilter filter)
    {
        var parts = new List<string>();
        if (filter.Status is { } status) parts.Add($"status={status}");
        if (filter.Type is { Length: > 0 } type) parts.Add($"type={type}");
        if (filter.Queue is { Length: > 0 } queue) parts.Add($"queue={queue}");
        if (filter.Owner is { Length: > 0 } owner) parts.Add($"owner={owner}");
        if (filter.CreatedFrom is { } from) parts.Add($"from={from:O}");
        if (filter.CreatedTo is { } to) parts.Add($"to={to:O}");
        if (filter.DeadLettered) parts.Add("dead-lettered");
        return parts.Count == 0 ? "all jobs" : string.Join(", ", parts);
    }
}
