using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Serialization;
using JobQueue.Bench.Api;
using JobQueue.Bench.Measuring;
using JobQueue.Bench.Processes;
using JobQueue.Shared.Contracts;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace JobQueue.Bench.Live;

/// <summary>
/// K SignalR clients on <c>/hubs/jobs</c>, signed in as the user whose jobs run at a steady rate: the delay from a
/// worker creating a job's completion event to each client receiving it, and the dashboard's CPU meanwhile.
/// </summary>
public static class LivePathBenchmark
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    public static async Task RunAsync(BenchSystem system, BenchApi admin, BenchOptions options, CancellationToken cancellationToken)
    {
        var jobs = options.LiveRate * options.LiveSeconds;
        Report.Section($"Live path: {options.LiveClients} hub clients, {options.LiveRate} jobs/s for {options.LiveSeconds} s ({jobs} jobs)");
        var (email, password) = await admin.CreateUserAsync("live");
        using var user = await BenchApi.SignInAsync(system.Url, email, password);

        var delays = new ConcurrentQueue<double>();
        var clients = new List<HubConnection>();
        try
        {
            for (var i = 0; i < options.LiveClients; i++)
            {
                var client = new HubConnectionBuilder()
                    .WithUrl(new Uri(system.Url, "hubs/jobs"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(user.AccessToken))
                    .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
                    .Build();
                client.On<JobEvent>("JobChanged", e => Received(e, delays));
                client.On<JobEvent[]>("JobsChanged", events =>
                {
                    foreach (var e in events)
                        Received(e, delays);
                });
                await client.StartAsync(cancellationToken);
                clients.Add(client);
            }

            var before = system.ReadDashboardStats();
            var watch = Stopwatch.StartNew();
            var submits = new List<Task>();
            using (var timer = new PeriodicTimer(Tick))
            {
                // Each tick submits what the rate owes so far, so a slow tick is made up by the next one.
                var submitted = 0;
                while (submitted < jobs && await timer.WaitForNextTickAsync(cancellationToken))
                {
                    var owed = (int)Math.Min(jobs, options.LiveRate * watch.Elapsed.TotalSeconds) - submitted;
                    for (var batch = 0; batch < owed; batch += 1000)
                        submits.Add(user.SubmitReverseBatchAsync(Math.Min(1000, owed - batch), cancellationToken));
                    submitted += owed;
                }
                await Task.WhenAll(submits);
            }
            var submitWindow = watch.Elapsed;
            var after = system.ReadDashboardStats();

            var expected = (long)jobs * options.LiveClients;
            var deadline = Stopwatch.StartNew();
            while (delays.Count < expected && deadline.Elapsed < TimeSpan.FromSeconds(60))
                await Task.Delay(100, cancellationToken);

            Report.Line("completion event -> hub client", $"{Percentiles.Of(delays)}");
            Report.Line("completion events received", $"{delays.Count} of {expected} ({jobs} jobs x {options.LiveClients} clients)");
            Report.DashboardCpu(before, after, jobs, submitWindow);
            Report.Processes(system.ReadProcessStats());
        }
        finally
        {
            foreach (var client in clients)
                await client.DisposeAsync();
        }
    }

    private static void Received(JobEvent jobEvent, ConcurrentQueue<double> delays)
    {
        if (jobEvent.Kind == JobEventKind.Succeeded)
            delays.Enqueue((DateTime.UtcNow - jobEvent.At).TotalMilliseconds);
    }

}
