using JobQueue.Dashboard.Audit;
using JobQueue.Dashboard.Broker;
using JobQueue.Dashboard.Data;
using JobQueue.Dashboard.Jobs;
using JobQueue.Dashboard.Live;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.Messaging;
using Microsoft.EntityFrameworkCore;

namespace JobQueue.Dashboard.Queues;

/// <summary>
/// Admins create and delete queues, for the Queues page and the REST API alike. A queue is created in the database
/// and the broker; deleting one refuses while jobs run in it, and while jobs wait in it unless asked to purge them
/// (they become Cancelled); <c>default</c> cannot be deleted.
/// </summary>
public sealed class QueueAdministration(IServiceScopeFactory scopes, BrokerGateway broker, QueueCatalog catalog, QueueControl control,
    LiveEvents live, AuditLog audit, TimeProvider time, ILogger<QueueAdministration> logger)
{
    // Scheduled jobs wait for the queue too: deleting it cancels them, purging it (the broker's messages) does not.
    private static readonly JobStatus[] Waiting = [JobStatus.Scheduled, JobStatus.Queued, JobStatus.Retrying];
    private static readonly JobStatus[] Running = [JobStatus.Running, JobStatus.Cancelling];

    public async Task<QueueChange> CreateAsync(string? name, Actor by, CancellationToken cancellationToken)
    {
        if (Topology.ValidateQueueName(name) is { } error)
            return new QueueChange.Invalid(error);
        if (catalog.Exists(name!))
            return new QueueChange.Conflict($"The queue '{name}' exists already.");

        var queue = new QueueDefinition { Name = name!, CreatedAt = time.GetUtcNow().UtcDateTime, CreatedBy = by.Name };
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
            db.Queues.Add(queue);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another admin (or instance) created it a moment ago; anything else is a database failure.
                db.ChangeTracker.Clear();
                if (await db.Queues.AsNoTracking().AnyAsync(q => q.Name == queue.Name, cancellationToken))
                    return new QueueChange.Conflict($"The queue '{name}' exists already.");
                throw;
            }
        }
        await catalog.AddedAsync(queue.Name, cancellationToken);
        await catalog.AnnounceAsync(queue.Name, cancellationToken);
        live.Publish(new LiveEvent.QueueListChanged());
        logger.LogInformation("{By} created queue {Queue}", by.Name, queue.Name);
        await audit.RecordAsync(by, AuditActions.QueueCreated, queue.Name);
        return new QueueChange.Created(QueueDto.From(queue));
    }

    public async Task<QueueChange> DeleteAsync(string name, bool purge, Actor by, CancellationToken cancellationToken)
    {
        if (Topology.ValidateQueueName(name) is { } error)
            return new QueueChange.Invalid(error);
        if (name == Topology.DefaultQueue)
            return new QueueChange.Conflict("The default queue always exists; it cannot be deleted.");
        if (!catalog.Exists(name))
            return new QueueChange.NotFound();

        var (waiting, running) = await CountAsync(name, cancellationToken);
        if (running > 0)
            return new QueueChange.Conflict($"{running} job(s) of queue '{name}' are running; wait until they finish, or cancel them, then delete it.");
        if (waiting > 0 && !purge)
            return new QueueChange.Conflict($"{waiting} job(s) wait in queue '{name}'; delete it with purge to cancel them, or wait until they ran.");

        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
            await db.Queues.Where(q => q.Name == name).ExecuteDeleteAsync(cancellationToken);
        }
        await catalog.RemovedAsync(name, cancellationToken);
        await control.RemovedAsync(name, cancellationToken);
        await catalog.AnnounceAsync(name, cancellationToken);
        var messages = await broker.DeleteJobQueueAsync(name, cancellationToken) ?? 0;
        // A job submitted while this ran (the catalog had it still) has nowhere to go now: it is cancelled with the rest.
        var cancelled = await control.CancelWaitingAsync(name, Waiting, time.GetUtcNow().UtcDateTime,
            $"queue '{name}' was deleted by {by.Name}", cancellationToken);
        live.Publish(new LiveEvent.QueueListChanged());
        logger.LogInformation("{By} deleted queue {Queue}: {Messages} message(s) removed, {Jobs} job(s) cancelled",
            by.Name, name, messages, cancelled);
        await audit.RecordAsync(by, AuditActions.QueueDeleted, name, $"{messages} message(s) removed, {cancelled} job(s) cancelled");
        return new QueueChange.Deleted(new PurgeResult(name, messages, cancelled));
    }

    /// <summary>Jobs of the queue that wait (in it, or for their next attempt) and that run.</summary>
    public async Task<(int Waiting, int Running)> CountAsync(string name, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
        var waiting = await db.Jobs.CountAsync(j => j.Queue == name && Waiting.Contains(j.Status), cancellationToken);
        var running = await db.Jobs.CountAsync(j => j.Queue == name && Running.Contains(j.Status), cancellationToken);
        return (waiting, running);
    }
}
