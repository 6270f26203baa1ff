using JobQueue.Dashboard.Audit;
using JobQueue.Dashboard.Broker;
using JobQueue.Dashboard.Data;
using JobQueue.Dashboard.Encryption;
using JobQueue.Dashboard.Jobs;
using JobQueue.Dashboard.Live;
using JobQueue.Shared.Contracts;
using Microsoft.EntityFrameworkCore;

namespace JobQueue.Dashboard.DeadLetters;

/// <summary>
/// Lists, requeues and deletes dead letters. Requeueing sends the stored job back to its queue as a new attempt
/// (the job is the source of truth, not the dead message); if the broker does not confirm the publish, the outbox
/// sweeper publishes it later, as for any submitted job.
/// </summary>
public sealed class DeadLetterStore(IServiceScopeFactory scopes, BrokerGateway broker, LiveEvents live, AuditLog audit, TimeProvider time,
    JobDataProtector data, ILogger<DeadLetterStore> logger)
{
    public const int ListLimit = 500;

    public async Task<(IReadOnlyList<DeadLetterDto> Items, int Total)> ListAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
        var total = await db.DeadLetters.CountAsync(cancellationToken);
        var items = await db.DeadLetters.AsNoTracking().OrderByDescending(d => d.Id).Take(ListLimit).ToListAsync(cancellationToken);
        return (items.Select(letter => DeadLetterDto.From(letter, data)).ToList(), total);
    }

    public async Task<DeadLetterChange> RequeueAsync(long id, Actor by, CancellationToken cancellationToken)
    {
        var change = await RequeueOneAsync(id, by.Name, cancellationToken);
        if (change is DeadLetterChange.Requeued { JobId: var jobId })
            await audit.RecordAsync(by, AuditActions.DeadLetterRequeued, jobId.ToString(), $"dead letter {id}");
        return change;
    }

    private async Task<DeadLetterChange> RequeueOneAsync(long id, string by, CancellationToken cancellationToken)
    {
        Job job;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
            if (await db.DeadLetters.FindAsync([id], cancellationToken) is not { } letter)
                return new DeadLetterChange.NotFound();
            if (letter.JobId is not { } jobId)
                return new DeadLetterChange.Refused("This message could not be read as a job, so it cannot be requeued; delete it.");
            if (await db.Jobs.FindAsync([jobId], cancellationToken) is not { } stored)
                return new DeadLetterChange.Refused($"No stored job has the id {jobId} (it was not submitted through this dashboard); delete it.");
            var now = time.GetUtcNow().UtcDateTime;
            if (!stored.Requeue(now, by))
                return new DeadLetterChange.Refused($"Job {jobId} is {stored.Status}, not Failed: only a failed job can be requeued.");
            stored.PublishedAt = now;
            db.DeadLetters.Remove(letter);
            await db.SaveChangesAsync(cancellationToken);
            job = stored;
        }
        live.Publish(new LiveEvent.DeadLettersChanged());

        try
        {
            await broker.PublishJobAsync(job.ToMessage(data), cancellationToken);
            await broker.PublishNoticesAsync([job.ToNotice(JobEventKind.Queued, time.GetUtcNow().UtcDateTime)], cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Requeued job {JobId} is stored but not yet published; the outbox sweeper will publish it", job.Id);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
            await db.Jobs.Where(j => j.Id == job.Id).ExecuteUpdateAsync(s => s.SetProperty(j => j.PublishedAt, (DateTime?)null), CancellationToken.None);
        }
        logger.LogInformation("{By} requeued job {JobId} from the dead letters (attempt {Attempt})", by, job.Id, job.Attempt);
        return new DeadLetterChange.Requeued(job.Id);
    }

    public async Task<DeadLetterChange> DeleteAsync(long id, Actor by, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
        var deleted = await db.DeadLetters.Where(d => d.Id == id).ExecuteDeleteAsync(cancellationToken);
        live.Publish(new LiveEvent.DeadLettersChanged());
        if (deleted == 0)
            return new DeadLetterChange.NotFound();
        await audit.RecordAsync(by, AuditActions.DeadLetterDeleted, $"dead letter {id}");
        return new DeadLetterChange.Deleted();
    }
}
