using System.Collections.Concurrent;
using System.Collections.Frozen;
using JobQueue.Dashboard.Broker;
using JobQueue.Dashboard.Data;
using JobQueue.Dashboard.Jobs;
using JobQueue.Dashboard.Live;
using JobQueue.ServiceDefaults.Hosting;
using JobQueue.Shared.Messaging;
using JobQueue.Shared.Resilience;
using Microsoft.EntityFrameworkCore;
using Polly;
using Polly.Registry;

namespace JobQueue.Dashboard.Queues;

/// <summary>
/// The queues that exist: the ones admins created, and <c>default</c>, which always does. Jobs can be submitted only to
/// these, the monitor and the wall list only these, and only these exist in the broker (workers consume them but never
/// create one). Read from the database at start and every <see cref="RefreshEvery"/>, so a queue another dashboard
/// instance created or deleted is seen at once when its announcement arrives (<see cref="AnnounceAsync"/>), else within
/// that time, and a submit to one this instance has not seen yet is checked against the database first
/// (<see cref="LearnUnknownAsync"/>); a change made here is seen at once.
/// </summary>
public sealed class QueueCatalog(IServiceScopeFactory scopes, BrokerGateway broker, LiveEvents live, ResiliencePipelineProvider<string> pipelines,
    TimeProvider time, ILogger<QueueCatalog> logger, IServiceProvider services) : SupervisedBackgroundService(services), IQueueDirectory
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(15);

    private readonly ResiliencePipeline _publishTimeout = pipelines.GetPipeline(Pipelines.BrokerPublish);
    private readonly ConcurrentDictionary<string, byte> _declared = new(StringComparer.Ordinal);
    private volatile Known _known = Known.Of([Topology.DefaultQueue]);
    private readonly SemaphoreSlim _reload = new(1, 1);

    /// <summary>The queue names, in order.</summary>
    public IReadOnlyList<string> Names => _known.Ordered;

    public bool Exists(string queue) => _known.Set.Contains(queue);

    /// <summary>Why a submit to <paramref name="queue"/> is refused, or null when it exists.</summary>
    public string? ValidateForSubmit(string queue) =>
        Topology.ValidateQueueName(queue) ?? (Exists(queue)
            ? null
            : $"There is no queue '{queue}'; the queues are: {string.Join(", ", Names)}. An admin creates queues on the Queues page.");

    /// <summary>
    /// Before a submit is judged: a valid name this instance does not know may be a queue another instance created since
    /// the last refresh, so the database is asked (one key lookup per such name) and, when it has one, the queues are read
    /// again. A name the database does not have either is then refused as usual.
    /// </summary>
    public async Task LearnUnknownAsync(IEnumerable<string> queues, CancellationToken cancellationToken)
    {
        var unknown = queues.Where(q => !Exists(q) && Topology.ValidateQueueName(q) is null).Distinct(StringComparer.Ordinal).ToList();
        if (unknown.Count == 0)
            return;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
            if (await db.Queues.AsNoTracking().AnyAsync(q => unknown.Contains(q.Name), cancellationToken))
                await ReloadAsync(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The submit is judged on what is known; storing it would fail on this database anyway.
            logger.LogDebug(ex, "Could not look up queues {Queues} in the database", string.Join(", ", unknown));
        }
    }

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        await EnsureDefaultAsync(stoppingToken);
        // Another instance's change: read the queues again now rather than at the next tick.
        using var announcements = live.Subscribe(e =>
        {
            if (e is LiveEvent.QueuesStored)
                _ = RefreshAnnouncedAsync(stoppingToken);
        });
        using var timer = new PeriodicTimer(RefreshEvery, time);
        do
        {
            await RefreshAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Reads the queues again and tells this instance's pages, which show them.</summary>
    private async Task RefreshAnnouncedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RefreshAsync(cancellationToken);
            live.Publish(new LiveEvent.QueueListChanged());
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // Shutting down.
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ReloadAsync(cancellationToken);
            await DeclareNewAsync(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not refresh the queues; keeping the ones read before");
        }
    }

    /// <summary>
    /// Tells every dashboard instance that the stored queues changed, so they read them again at once. The change is
    /// stored already: an announcement that does not go out is logged, and the others see it at their next refresh.
    /// </summary>
    public async Task AnnounceAsync(string queue, CancellationToken cancellationToken)
    {
        try
        {
            await _publishTimeout.RunAsync($"Announcing the change to queue {queue}",
                token => broker.PublishQueuesChangedAsync(queue, time.GetUtcNow().UtcDateTime, token), cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not tell the other dashboards about the change to queue {Queue}; they see it within {Interval:0} s",
                queue, RefreshEvery.TotalSeconds);
        }
    }

    /// <summary>
    /// A queue was stored here: it is seen at once and declared in the broker now, or (when the broker does not
    /// answer) by the next refresh; its first job would declare it too.
    /// </summary>
    public async Task AddedAsync(string queue, CancellationToken cancellationToken)
    {
        await ReloadAsync(cancellationToken);
        await DeclareAsync(queue, cancellationToken);
    }

    /// <summary>A queue was deleted here: it is gone at once, and declared again should it be created again.</summary>
    public async Task RemovedAsync(string queue, CancellationToken cancellationToken)
    {
        await ReloadAsync(cancellationToken);
        _declared.TryRemove(queue, out _);
    }

    /// <summary>Reads the queues; one read at a time, so an older read never lands after a newer one.</summary>
    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await _reload.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
            var names = await db.Queues.AsNoTracking().Select(q => q.Name).ToListAsync(cancellationToken);
            _known = Known.Of(names.Append(Topology.DefaultQueue));
        }
        finally
        {
            _reload.Release();
        }
    }

    public override void Dispose()
    {
        _reload.Dispose();
        base.Dispose();
    }

    /// <summary>The broker's <c>jobqueue.queue.&lt;name&gt;</c> of every queue, declared once per run (they may be missing on a new broker).</summary>
    private async Task DeclareNewAsync(CancellationToken cancellationToken)
    {
        foreach (var queue in _known.Ordered.Where(q => !_declared.ContainsKey(q)))
        {
            if (!await DeclareAsync(queue, cancellationToken))
                return;
        }
    }

    private async Task<bool> DeclareAsync(string queue, CancellationToken cancellationToken)
    {
        try
        {
            await _publishTimeout.RunAsync($"Declaring queue {queue}", token => broker.DeclareJobQueueAsync(queue, token), cancellationToken);
            _declared.TryAdd(queue, 0);
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not declare queue {Queue} in RabbitMQ; trying again in {Interval:0} s", queue, RefreshEvery.TotalSeconds);
            return false;
        }
    }

    private async Task EnsureDefaultAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
        if (await db.Queues.AnyAsync(q => q.Name == Topology.DefaultQueue, cancellationToken))
            return;
        db.Queues.Add(new QueueDefinition { Name = Topology.DefaultQueue, CreatedAt = time.GetUtcNow().UtcDateTime, CreatedBy = "JobQueue" });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another instance added it at the same moment.
        }
    }

    /// <summary>The names as one snapshot: a set to look up, and the same names in order to list.</summary>
    private sealed record Known(FrozenSet<string> Set, string[] Ordered)
    {
        public static Known Of(IEnumerable<string> names)
        {
            var set = names.ToFrozenSet(StringComparer.Ordinal);
            return new Known(set, [.. set.Order(StringComparer.Ordinal)]);
        }
    }
}
