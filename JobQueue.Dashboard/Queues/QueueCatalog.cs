using System.Collections.Concurrent;
using System.Collections.Frozen;
using JobQueue.Dashboard.Broker;
using JobQueue.Dashboard.Data;
using JobQueue.ServiceDefaults.Hosting;
using JobQueue.ServiceDefaults.Resilience;
using JobQueue.Shared.Messaging;
using Microsoft.EntityFrameworkCore;
using Polly;
using Polly.Registry;

namespace JobQueue.Dashboard.Queues;

/// <summary>
/// The queues that exist: the ones admins created, and <c>default</c>, which always does. Jobs can be submitted only to
/// these, the monitor and the wall list only these, and only these exist in the broker (workers consume them but never
/// create one). Read from the database at start and every <see cref="RefreshEvery"/>, so a queue another dashboard
/// instance created or deleted is seen within that time; a change made here is seen at once.
/// </summary>
public sealed class QueueCatalog(IServiceScopeFactory scopes, BrokerGateway broker, ResiliencePipelineProvider<string> pipelines,
    TimeProvider time, ILogger<QueueCatalog> logger, IServiceProvider services) : SupervisedBackgroundService(services)
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(15);

    private readonly ResiliencePipeline _publishTimeout = pipelines.GetPipeline(Pipelines.BrokerPublish);
    private readonly ConcurrentDictionary<string, byte> _declared = new(StringComparer.Ordinal);
    private volatile FrozenSet<string> _names = new[] { Topology.DefaultQueue }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The queue names, in order.</summary>
    public IReadOnlyList<string> Names => [.. _names.Order(StringComparer.Ordinal)];

    public bool Exists(string queue) => _names.Contains(queue);

    /// <summary>Why a submit to <paramref name="queue"/> is refused, or null when it exists.</summary>
    public string? ValidateForSubmit(string queue) =>
        Topology.ValidateQueueName(queue) ?? (Exists(queue)
            ? null
            : $"There is no queue '{queue}'; the queues are: {string.Join(", ", Names)}. An admin creates queues on the Queues page.");

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        await EnsureDefaultAsync(stoppingToken);
        using var timer = new PeriodicTimer(RefreshEvery, time);
        do
        {
            try
            {
                await ReloadAsync(stoppingToken);
                await DeclareNewAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Could not refresh the queues; keeping the ones read before");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<IReadOnlyList<QueueDto>> ListAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
        return (await db.Queues.AsNoTracking().ToListAsync(cancellationToken)).OrderBy(q => q.Name, StringComparer.Ordinal).Select(QueueDto.From).ToList();
    }

    /// <summary>Reads the queues again now, after a change made here.</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
        var names = await db.Queues.AsNoTracking().Select(q => q.Name).ToListAsync(cancellationToken);
        _names = names.Append(Topology.DefaultQueue).ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>The broker's <c>jobqueue.queue.&lt;name&gt;</c> of every queue, declared once per run (they may be missing on a new broker).</summary>
    private async Task DeclareNewAsync(CancellationToken cancellationToken)
    {
        foreach (var queue in _names.Where(q => !_declared.ContainsKey(q)))
        {
            try
            {
                await _publishTimeout.RunAsync($"Declaring queue {queue}", token => broker.DeclareJobQueueAsync(queue, token), cancellationToken);
                _declared.TryAdd(queue, 0);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Could not declare queue {Queue} in RabbitMQ; trying again in {Interval:0} s", queue, RefreshEvery.TotalSeconds);
                return;
            }
        }
    }

    /// <summary>Forgets that a queue was declared, so that it is declared again if it is created again.</summary>
    public void Undeclared(string queue) => _declared.TryRemove(queue, out _);

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
}
