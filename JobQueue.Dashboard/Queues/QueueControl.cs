using System.Collections.Frozen;
using System.Threading.Channels;
using JobQueue.Dashboard.Audit;
using JobQueue.Dashboard.Broker;
using JobQueue.Dashboard.Data;
using JobQueue.Dashboard.Jobs;
using JobQueue.Dashboard.Leases;
using JobQueue.Dashboard.Live;
using JobQueue.ServiceDefaults.Hosting;
using JobQueue.Shared.Contracts;
using Microsoft.EntityFrameworkCore;

namespace JobQueue.Dashboard.Queues;

/// <summary>
/// An admin's controls over whole queues. Pausing is stored, so that it outlives a dashboard restart, and sent to
/// every worker; each worker reports the queues it has paused in its heartbeat, and a worker that disagrees (one
/// that started later, or missed the command) is told again. Purging empties the queue in the broker and marks
/// the jobs that waited in it Cancelled, so none is silently lost from the history. Telling workers again is a
/// once-only duty: only the instance that holds <see cref="OnceOnlyDuties"/> does it.
/// </summary>
public sealed class QueueControl : SupervisedBackgroundService
{
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RecheckAfter = TimeSpan.FromSeconds(1);
    private const int CancelBatch = 500;

    private readonly IServiceScopeFactory _scopes;
    private readonly BrokerGateway _broker;
    private readonly QueueCatalog _catalog;
    private readonly OnceOnlyDuties _duties;
    private readonly TimeProvider _time;
    private readonly ILogger<QueueControl> _logger;
    private readonly AuditLog _audit;
    private readonly Channel<WorkerHeartbeat> _beats = Channel.CreateBounded<WorkerHeartbeat>(
        new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly IDisposable _subscription;
    private readonly LiveEvents _live;
    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private volatile FrozenSet<string> _paused = FrozenSet<string>.Empty;
    private DateTime _loadedAt = DateTime.MinValue;

    public QueueControl(IServiceScopeFactory scopes, BrokerGateway broker, QueueCatalog catalog, OnceOnlyDuties duties, LiveEvents events,
        AuditLog audit, TimeProvider time, ILogger<QueueControl> logger, IServiceProvider services) : base(services)
    {
        _audit = audit;
        _scopes = scopes;
        _broker = broker;
        _catalog = catalog;
        _duties = duties;
        _time = time;
        _logger = logger;
        _live = events;
        _subscription = events.Subscribe(e =>
        {
            if (e is LiveEvent.WorkerBeat { Heartbeat: var beat })
                _beats.Writer.TryWrite(beat);
            else if (e is LiveEvent.QueuesStored)
                _ = ReloadAnnouncedAsync();
        });
    }

    public bool IsPaused(string queue) => _paused.Contains(queue);

    public IReadOnlySet<string> Paused => _paused;

    public async Task<QueueChange> SetPausedAsync(string queue, bool paused, Actor by, CancellationToken cancellationToken)
    {
        if (Missing(queue) is { } missing)
            return missing;
        await using (var scope = _scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
            var existing = await db.PausedQueues.FindAsync([queue], cancellationToken);
            if (paused && existing is null)
                db.PausedQueues.Add(new QueuePause { Name = queue, PausedAt = _time.GetUtcNow().UtcDateTime, PausedBy = by.Name });
            else if (!paused && existing is not null)
                db.PausedQueues.Remove(existing);
            await db.SaveChangesAsync(cancellationToken);
        }
        await LoadAsync(cancellationToken);
        await _catalog.AnnounceAsync(queue, cancellationToken);
        await _broker.PublishControlAsync(new ControlCommand(paused ? ControlCommandKind.PauseQueue : ControlCommandKind.ResumeQueue, Queue: queue),
            cancellationToken);
        _logger.LogInformation("{By} {Action} queue {Queue}", by.Name, paused ? "paused" : "resumed", queue);
        await _audit.RecordAsync(by, paused ? AuditActions.QueuePaused : AuditActions.QueueResumed, queue);
        return new QueueChange.Done(queue, paused);
    }

    public async Task<QueueChange> PurgeAsync(string queue, Actor by, CancellationToken cancellationToken)
    {
        if (Missing(queue) is { } missing)
            return missing;
        var purgedAt = _time.GetUtcNow().UtcDateTime;
        if (await _broker.PurgeJobQueueAsync(queue, cancellationToken) is not { } messages)
            return new QueueChange.NotFound();

        // The jobs that waited there are Cancelled in the history. A job a worker had already taken (unacked, so not
        // purged) is caught too; when its start is recorded, the recorder sends it the cancel, as for any cancelled job.
        var cancelled = await CancelWaitingAsync(queue, [JobStatus.Queued], purgedAt, $"purged from queue '{queue}' by {by.Name}", cancellationToken);
        _logger.LogInformation("{By} purged queue {Queue}: {Messages} message(s), {Jobs} job(s) cancelled", by.Name, queue, messages, cancelled);
        await _audit.RecordAsync(by, AuditActions.QueuePurged, queue, $"{messages} message(s) removed, {cancelled} job(s) cancelled");
        return new QueueChange.Purged(new PurgeResult(queue, messages, cancelled));
    }

    /// <summary>
    /// Marks Cancelled, in batches, the stored jobs of <paramref name="queue"/> in one of <paramref name="statuses"/>
    /// created up to <paramref name="until"/>, and tells the live views.
    /// </summary>
    /// <returns>How many jobs it cancelled.</returns>
    public async Task<int> CancelWaitingAsync(string queue, IReadOnlyList<JobStatus> statuses, DateTime until, string note, CancellationToken cancellationToken)
    {
        var cancelled = 0;
        while (true)
        {
            await using var scope = _scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
            var batch = await db.Jobs.Where(j => j.Queue == queue && statuses.Contains(j.Status) && j.CreatedAt <= until)
                .OrderBy(j => j.CreatedAt).Take(CancelBatch).ToListAsync(cancellationToken);
            if (batch.Count == 0)
                return cancelled;
            var now = _time.GetUtcNow().UtcDateTime;
            var changed = batch.Where(job => job.CancelWaiting(now, note)).ToList();
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
            await _broker.PublishNoticesAsync(changed.Select(job => job.ToNotice(JobEventKind.Cancelled, now)).ToList(), cancellationToken);
        }
    }

    /// <summary>
    /// Tells each worker that disagrees with the stored pauses what they are. A disagreement is checked against the
    /// database first (at most once a second): another instance may have just paused or resumed the queue and told the
    /// workers itself, and this instance must not undo it from a pause list read before.
    /// </summary>
    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        await LoadOrLogAsync(stoppingToken);
        await foreach (var beat in _beats.Reader.ReadAllAsync(stoppingToken))
        {
            if (!_duties.IsHeld)
                continue;
            var sinceLoad = _time.GetUtcNow().UtcDateTime - _loadedAt;
            if (sinceLoad > RefreshEvery || (sinceLoad > RecheckAfter && Disagrees(beat)))
                await LoadOrLogAsync(stoppingToken);
            var workerPaused = beat.PausedQueues ?? [];
            foreach (var queue in beat.Queues)
            {
                var shouldPause = _paused.Contains(queue);
                if (shouldPause == workerPaused.Contains(queue))
                    continue;
                try
                {
                    await _broker.PublishControlAsync(new ControlCommand(shouldPause ? ControlCommandKind.PauseQueue : ControlCommandKind.ResumeQueue,
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

    /// <summary>A queue was deleted: its pause, if it had one, goes with it.</summary>
    public async Task RemovedAsync(string queue, CancellationToken cancellationToken)
    {
        await using (var scope = _scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
            await db.PausedQueues.Where(q => q.Name == queue).ExecuteDeleteAsync(cancellationToken);
        }
        await LoadAsync(cancellationToken);
    }

    private QueueChange? Missing(string queue) =>
        JobQueue.Shared.Messaging.Topology.ValidateQueueName(queue) is { } error ? new QueueChange.Invalid(error)
        : _catalog.Exists(queue) ? null
        : new QueueChange.NotFound();

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

    private bool Disagrees(WorkerHeartbeat beat)
    {
        var workerPaused = beat.PausedQueues ?? [];
        return beat.Queues.Any(queue => _paused.Contains(queue) != workerPaused.Contains(queue));
    }

    /// <summary>Another instance announced a change: read the pauses again and tell this instance's pages.</summary>
    private async Task ReloadAnnouncedAsync()
    {
        try
        {
            await LoadOrLogAsync(_stopping.Token);
            _live.Publish(new LiveEvent.QueueListChanged());
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // Shutting down.
        }
    }

    /// <summary>Reads the pauses; one read at a time, so an older read never lands after a newer one.</summary>
    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        await _loading.WaitAsync(cancellationToken);
        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
            _paused = (await db.PausedQueues.AsNoTracking().Select(q => q.Name).ToListAsync(cancellationToken)).ToFrozenSet(StringComparer.Ordinal);
            _loadedAt = _time.GetUtcNow().UtcDateTime;
        }
        finally
        {
            _loading.Release();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _subscription.Dispose();
        _stopping.Dispose();
        _loading.Dispose();
        base.Dispose();
    }
}
