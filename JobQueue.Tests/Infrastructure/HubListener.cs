using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using JobQueue.Shared.Contracts;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace JobQueue.Tests.Infrastructure;

/// <summary>A script's hub connection to one dashboard: every job event it pushes, with when it arrived.</summary>
public sealed class HubListener : IAsyncDisposable
{
    private readonly HubConnection _hub;
    private readonly Stopwatch _clock;

    private HubListener(HubConnection hub, Stopwatch clock) => (_hub, _clock) = (hub, clock);

    public ConcurrentQueue<(TimeSpan At, JobEvent Event)> Received { get; } = new();

    /// <summary>The job log lines pushed (<c>JobLogged</c>), in the order they came.</summary>
    public ConcurrentQueue<JobLogLine> Lines { get; } = new();

    /// <param name="clock">The test's clock, so arrival times line up with the test's own timestamps.</param>
    public static async Task<HubListener> ConnectAsync(Uri dashboard, string accessToken, Stopwatch clock)
    {
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(dashboard, "/hubs/jobs"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(accessToken))
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .Build();
        var listener = new HubListener(hub, clock);
        hub.On<JobEvent>("JobChanged", e => listener.Received.Enqueue((clock.Elapsed, e)));
        hub.On<JobEvent[]>("JobsChanged", events =>
        {
            foreach (var jobEvent in events)
                listener.Received.Enqueue((clock.Elapsed, jobEvent));
        });
        hub.On<JobLogLine[]>("JobLogged", lines =>
        {
            foreach (var line in lines)
                listener.Lines.Enqueue(line);
        });
        await hub.StartAsync();
        // The connection joins its group after the handshake StartAsync waits for: Ready answers once it has.
        await hub.InvokeAsync<JsonElement>("Ready");
        return listener;
    }

    /// <summary>The jobs among <paramref name="ids"/> this connection has seen reach <paramref name="status"/>.</summary>
    public int CountReached(IReadOnlySet<Guid> ids, JobStatus status) =>
        Received.Where(r => r.Event.Status == status && ids.Contains(r.Event.JobId)).Select(r => r.Event.JobId).Distinct().Count();

    public async Task WaitUntilAllReachedAsync(IReadOnlySet<Guid> ids, JobStatus status, TimeSpan timeout)
    {
        var deadline = _clock.Elapsed + timeout;
        while (CountReached(ids, status) < ids.Count)
        {
            _clock.Elapsed.ShouldBeLessThan(deadline, $"the hub pushed {status} for {CountReached(ids, status)} of {ids.Count} jobs");
            await Task.Delay(100);
        }
    }

    public ValueTask DisposeAsync() => _hub.DisposeAsync();
}
