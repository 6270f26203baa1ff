using System.Collections.Frozen;
using System.Threading.Channels;
using JobQueue.Dashboard.Data;
using JobQueue.Dashboard.Jobs;
using JobQueue.Dashboard.Live;
using JobQueue.ServiceDefaults.Hosting;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.Messaging;
using Microsoft.EntityFrameworkCore;
using RabbitMQ.Client.Exceptions;

namespace JobQueue.Dashboard.Queues;

/// <summary>A queue an admin paused: no worker consumes it until it is resumed.</summary>
public sealed class QueuePause
{
    public required string Name { get; init; }
    public DateTime PausedAt { get; init; }
    public required string PausedBy { get; init; }
}

public sealed record PurgeResult(string Queue, long MessagesPurged, int JobsCancelled);

public abstract record QueueChange
{
    public sealed record Done(string Queue, bool Paused) : QueueChange;
    public sealed record Purged(PurgeResult Result) : QueueChange;
    public sealed record Invalid(string Error) : QueueChange;
    public sealed record NotFound : QueueChange;
}

/// <summary>
/// An admin's controls over whole queues. Pausing is stored, so that it outlives a dashboard restart, and sent to
/// every worker; each worker reports the queues it has paused in its heartbeat, and a worker that disagrees (one
/// that started later, or missed the command) is told again. Purging empties the queue in the broker and marks
/// the jobs that waited in it Cancelled, so none is silently lost from the history.
/// </summary>
public sealed class QueueControl : SupervisedBackgroundService
{
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(30);
    private const int PurgeBatch = 500;

    private readonly IServiceScopeFactory _scopes;
    private readonly RabbitMqConnection _connection;
    private readonly JobPublisher _publisher;
    private readonly TimeProvider _time;
    private readonly ILogger<QueueControl> _logger;
    private readonly Channel<WorkerHeartbeat> _beats = Channel.CreateBounded<WorkerHeartbeat>(
        new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly IDisposable _subscription;
    private volatile FrozenSet<string> _paused = FrozenSet<string>.Empty;
    private DateTime _loadedAt = DateTime.MinValue;

    public QueueControl(IServiceScopeFactory scopes, RabbitMqConnection connection, JobPublisher publisher, LiveEvents events,
        TimeProvider time, ILogger<QueueControl> logger, IServiceProvider services) : base(services)
    {
        _scopes = scopes;
        _connection = connection;
        _publisher = publisher;
        _time = time;
        _logger = logger;
        _subscription = events.Subscribe(e =>
        {
            if (e is LiveEvent.WorkerBeat { Heartbeat: var beat })
                _beats.Writer.TryWrite(beat);
        });
    }

    public bool IsPaused(string queue) => _paused.Contains(queue);

    public IReadOnlySet<string> Paused => _paused;

    public async Task<QueueChange> SetPausedAsync(string queue, bool paused, string by, CancellationToken cancellationToken)
    {
        if (Topology.ValidateQueueName(queue) is { } error)
            return new QueueChange.Invalid(error);
        await using (var scope = _scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
            var existing = await db.PausedQueues.FindAsync([queue], cancellationToken);
            if (paused && existing is null)
                db.PausedQueues.Add(new QueuePause { Name = queue, PausedAt = _time.GetUtcNow().UtcDateTime, PausedBy = by });
            else if (!paused && existing is not null)
                db.PausedQueues.Remove(existing);
            await db.SaveChangesAsync(cancellationToken);
        }
        await LoadAsync(cancellationToken);
        await _publisher.PublishControlAsync(new ControlCommand(paused ? ControlCommandKind.PauseQueue : ControlCommandKind.ResumeQueue, Queue: queue),
            cancellationToken);
        _logger.LogInformation("{By} {Action} queue {Queue}", by, paused ? "paused" : "resumed", queue);
        return new QueueChange.Done(queue, paused);
    }

    public async Task<QueueChange> PurgeAsync(string queue, string by, CancellationToken cancellationToken)
    {
        if (Topology.ValidateQueueName(queue) is { } error)
            return new QueueChange.Invalid(error);
        var purgedAt = _time.GetUtcNow().UtcDateTime;
        uint messages;
        var connection = await _connection.GetAsync(cancellationToken);
        try
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            messages = await channel.QueuePurgeAsync(Topology.JobQueueName(queue), cancellationToken);
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
        {
            return new QueueChange.NotFound();
        }

        // The jobs that waited there are Cancelled in the history. A job a worker had already taken (unacked, so not
        // purged) is caught too; when its start is recorded, the recorder sends it the cancel, as for any cancelled job.
        var cancelled = 0;
        while (true)
        {
            await using var scope = _scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
            var batch = await db.Jobs.Where(j => j.Queue == queue && j.Status == JobStatus.Queued && j.CreatedAt <= purgedAt)
                .OrderBy(j => j.CreatedAt).Take(PurgeBatch).ToListAsync(cancellationToken);
            if (batch.Count == 0)
                break;
            var changed = batch.Where(job => job.CancelPurged(purgedAt, by)).ToList();
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                // The recorder moved some of these jobs meanwhile: read the batch again.
                continue;
            }
            cancelled += changed.Count;
            await _publisher.PublishNoticesAsync(changed, JobEventKind.Cancelled, cancellationToken);
        }
        _logger.LogInformation("{By} purged queue {Queue}: {Messages} message(s), {Jobs} job(s) cancelled", by, queue, messages, cancelled);
        return new QueueChange.Purged(new PurgeResult(queue, messages, cancelled));
    }

    /// <summary>Tells each worker that disagrees with the stored pauses what they are.</summary>
    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        await LoadOrLogAsync(stoppingToken);
        await foreach (var beat in _beats.Reader.ReadAllAsync(stoppingToken))
        {
            if (_time.GetUtcNow().UtcDateTime - _loadedAt > RefreshEvery)
                await LoadOrLogAsync(stoppingToken);
            var workerPaused = beat.PausedQueues ?? [];
            foreach (var queue in beat.Queues)
            {
                var shouldPause = _paused.Contains(queue);
                if (shouldPause == workerPaused.Contains(queue))
                    continue;
                try
                {
                    await _publisher.PublishControlAsync(new ControlCommand(shouldPause ? ControlCommandKind.PauseQueue : ControlCommandKind.ResumeQueue,
                        WorkerId: beat.WorkerId, Queue: queue), stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // Its next heartbeat brings it up again.
                    _logger.LogDebug(ex, "Could not tell {Worker} about queue {Queue}", beat.WorkerId, queue);
                }
            }
        }
    }

    private async Task LoadOrLogAsync(CancellationToken cancellationToken)
    {
        try
        {
            await LoadAsync(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning(ex, "Could not read the paused queues; keeping the ones read before");
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
        _paused = (await db.PausedQueues.AsNoTracking().Select(q => q.Name).ToListAsync(cancellationToken)).ToFrozenSet(StringComparer.Ordinal);
        _loadedAt = _time.GetUtcNow().UtcDateTime;
    }

    public override void Dispose()
    {
        _subscription.Dispose();
        base.Dispose();
    }
}
