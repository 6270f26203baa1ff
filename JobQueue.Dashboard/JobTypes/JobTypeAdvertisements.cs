using System.Collections.Concurrent;
using JobQueue.Dashboard.Broker;
using JobQueue.Dashboard.Live;
using JobQueue.Shared.Contracts;

namespace JobQueue.Dashboard.JobTypes;

/// <summary>
/// Feeds the catalog from the live stream: every worker's advertisement (<c>worker.job-types</c>) goes to
/// <see cref="JobTypeCatalog.AdvertisedAsync"/>. Whenever this dashboard's stream starts it asks every worker to
/// advertise again (<see cref="ControlCommandKind.SendJobTypes"/>), and a heartbeat naming a type the catalog does not
/// know makes it ask that worker (at most every <see cref="AskAgainAfter"/>), so an advertisement lost on the way is sent again.
/// </summary>
public sealed class JobTypeAdvertisements : IHostedService, IDisposable
{
    public static readonly TimeSpan AskAgainAfter = TimeSpan.FromSeconds(30);

    private readonly JobTypeCatalog _catalog;
    private readonly BrokerGateway _broker;
    private readonly TimeProvider _time;
    private readonly ILogger<JobTypeAdvertisements> _logger;
    private readonly ConcurrentDictionary<string, DateTime> _asked = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly IDisposable _subscription;

    public JobTypeAdvertisements(LiveEvents live, JobTypeCatalog catalog, BrokerGateway broker, TimeProvider time, ILogger<JobTypeAdvertisements> logger)
    {
        (_catalog, _broker, _time, _logger) = (catalog, broker, time, logger);
        _subscription = live.Subscribe(e =>
        {
            switch (e)
            {
                case LiveEvent.JobTypesAdvertised { Advertised: var advertised }:
                    _ = TakeAsync(advertised);
                    break;
                case LiveEvent.StreamStarted:
                    _ = AskAsync(null);
                    break;
                case LiveEvent.WorkerBeat { Heartbeat: var beat } when beat.Transport is null && beat.JobTypes.Any(t => !_catalog.TryGet(t, out _)):
                    var now = _time.GetUtcNow().UtcDateTime;
                    if (!_asked.TryGetValue(beat.WorkerId, out var last) || now - last >= AskAgainAfter)
                    {
                        _asked[beat.WorkerId] = now;
                        _ = AskAsync(beat.WorkerId);
                    }
                    break;
            }
        });
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken) => await _stopping.CancelAsync();

    private async Task TakeAsync(JobTypesAdvertised advertised)
    {
        try
        {
            await _catalog.AdvertisedAsync(advertised, Advertiser.Worker(advertised.WorkerId), _stopping.Token);
        }
        catch (Exception ex) when (!_stopping.IsCancellationRequested)
        {
            _logger.LogWarning(ex, "Could not take the job types worker {WorkerId} advertised", advertised.WorkerId);
        }
    }

    /// <param name="workerId">One worker, or null for every worker.</param>
    private async Task AskAsync(string? workerId)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            await _broker.PublishControlAsync(new ControlCommand(ControlCommandKind.SendJobTypes, WorkerId: workerId), timeout.Token);
            _logger.LogInformation("Asked {Workers} to advertise their job types", workerId ?? "every worker");
        }
        catch (Exception ex) when (!_stopping.IsCancellationRequested)
        {
            _logger.LogWarning(ex, "Could not ask {Workers} to advertise their job types; the catalog keeps what it has", workerId ?? "the workers");
        }
    }

    public void Dispose()
    {
        _subscription.Dispose();
        _stopping.Dispose();
    }
}
