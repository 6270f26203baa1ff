using JobQueue.Dashboard.Data;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.Messaging;
using Microsoft.EntityFrameworkCore;

namespace JobQueue.Dashboard.HttpWorkers;

/// <summary>
/// Announces HTTP workers as every worker is announced, with a <c>worker.heartbeat</c> (transport <c>http</c>): after
/// each of its calls, and every few seconds from the lease sweeper while it called in the last
/// <see cref="OnlineAfterLastCall"/> or holds a lease. Every dashboard's Workers page and monitor then show it.
/// </summary>
public sealed class HttpWorkerHeartbeats(IServiceScopeFactory scopes, ConfirmingPublisher publisher, TimeProvider time,
    ILogger<HttpWorkerHeartbeats> logger)
{
    public const string Transport = "http";
    public static readonly TimeSpan OnlineAfterLastCall = TimeSpan.FromSeconds(30);

    /// <summary>Never throws: a heartbeat that does not go out is only a late one.</summary>
    public async Task PublishAsync(string workerId, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
            if (await db.HttpWorkers.AsNoTracking().FirstOrDefaultAsync(w => w.WorkerId == workerId, cancellationToken) is not { } worker)
                return;
            var running = await db.JobLeases.AsNoTracking().Where(l => l.WorkerId == workerId && l.SettledAt == null)
                .Select(l => l.JobId).ToListAsync(cancellationToken);
            await PublishAsync(worker, running, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogDebug(ex, "Could not announce HTTP worker {WorkerId}", workerId);
        }
    }

    /// <summary>Announces every HTTP worker that is online: it called lately or holds a lease.</summary>
    public async Task PublishOnlineAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
        var since = time.GetUtcNow().UtcDateTime - OnlineAfterLastCall;
        var leases = await db.JobLeases.AsNoTracking().Where(l => l.SettledAt == null).Select(l => new { l.WorkerId, l.JobId }).ToListAsync(cancellationToken);
        var holding = leases.Select(l => l.WorkerId).ToHashSet(StringComparer.Ordinal);
        var workers = await db.HttpWorkers.AsNoTracking().Where(w => w.LastFetchAt >= since || holding.Contains(w.WorkerId)).ToListAsync(cancellationToken);
        foreach (var worker in workers)
            await PublishAsync(worker, leases.Where(l => l.WorkerId == worker.WorkerId).Select(l => l.JobId).ToList(), cancellationToken);
    }

    private Task PublishAsync(HttpWorker worker, List<Guid> running, CancellationToken cancellationToken)
    {
        var heartbeat = new WorkerHeartbeat(worker.WorkerId, Transport, 0, Transport,
            worker.Queues.Split(',', StringSplitOptions.RemoveEmptyEntries), Math.Max(1, running.Count), running, worker.Processed, worker.Failed,
            worker.Types.Split(',', StringSplitOptions.RemoveEmptyEntries), worker.FirstSeenAt, time.GetUtcNow().UtcDateTime,
            Transport: Transport, LastCallAt: worker.LastFetchAt);
        return publisher.PublishAsync(Topology.EventsExchange, Topology.HeartbeatRoutingKey, heartbeat, Topology.HeartbeatRoutingKey,
            persistent: false, cancellationToken: cancellationToken);
    }
}
