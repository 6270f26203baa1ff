using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using JobQueue.Bench.Measuring;
using JobQueue.Bench.Processes;
using JobQueue.Shared.Contracts;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace JobQueue.Bench.Live;

/// <summary>
/// K SignalR clients on <c>/hubs/jobs</c> in a process of their own (this program, started with
/// <see cref="ChildFlag"/>), so that decoding tens of thousands of events a second is not counted against the
/// benchmark's submitting or timing. Each client measures, for every completion event, the delay from the worker
/// creating it (<see cref="JobEvent.At"/>) to the client receiving it. The parent reads the child's lines:
/// <c>READY</c>, <c>RECEIVED n</c> every half second, and at the end <c>RESULT {json}</c>; it writes <c>STOP</c>.
/// </summary>
public sealed class HubClients : IAsyncDisposable
{
    public const string ChildFlag = "--hub-clients-process";

    private readonly Process _process;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<Percentiles> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _received;

    private HubClients(Process process)
    {
        _process = process;
        _ = ReadAsync();
    }

    /// <summary>Completion events the clients have received so far (as of their last report).</summary>
    public long Received => Interlocked.Read(ref _received);

    public int Pid => _process.Id;

    public ProcessStats? Stats() => ProcessStats.Read(_process.Id, "hub clients");

    public static async Task<HubClients> StartAsync(Uri dashboard, string accessToken, int count, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { typeof(HubClients).Assembly.Location, ChildFlag, dashboard.ToString(), count.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(argument);
        // The token goes through the environment, not the command line that every process on the machine can read.
        start.Environment["JOBQUEUE_BENCH_TOKEN"] = accessToken;
        var clients = new HubClients(Process.Start(start)!);
        await clients._ready.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        return clients;
    }

    /// <summary>Forgets what the clients measured so far (the warm-up); <see cref="Received"/> starts again from 0.</summary>
    public async Task ResetAsync()
    {
        await _process.StandardInput.WriteLineAsync("RESET");
        await _process.StandardInput.FlushAsync();
        Interlocked.Exchange(ref _received, 0);
        await Task.Delay(600); // the child's next report says it has reset
    }

    /// <summary>Tells the clients to stop and returns their delays.</summary>
    public async Task<Percentiles> StopAsync()
    {
        await _process.StandardInput.WriteLineAsync("STOP");
        await _process.StandardInput.FlushAsync();
        return await _result.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    private async Task ReadAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line == "READY")
                _ready.TrySetResult();
            else if (line.StartsWith("RECEIVED ", StringComparison.Ordinal))
                Interlocked.Exchange(ref _received, long.Parse(line["RECEIVED ".Length..], System.Globalization.CultureInfo.InvariantCulture));
            else if (line.StartsWith("RESULT ", StringComparison.Ordinal))
                _result.TrySetResult(JsonSerializer.Deserialize<Percentiles>(line["RESULT ".Length..])!);
            else
                Console.WriteLine($"  [hub clients] {line}");
        }
        var failed = new InvalidOperationException($"The hub clients' process ended (exit code {_process.ExitCode}).");
        _ready.TrySetException(failed);
        _result.TrySetException(failed);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    /// <summary>The child: connects the clients, reports, and measures until told to stop.</summary>
    public static async Task<int> RunChildAsync(string[] args)
    {
        var url = new Uri(args[1]);
        var count = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
        var token = Environment.GetEnvironmentVariable("JOBQUEUE_BENCH_TOKEN") ?? throw new InvalidOperationException("JOBQUEUE_BENCH_TOKEN is not set.");
        var delays = new ConcurrentQueue<double>();
        var measured = 0L;
        var clients = new List<HubConnection>();
        for (var i = 0; i < count; i++)
        {
            var client = new HubConnectionBuilder()
                .WithUrl(new Uri(url, "hubs/jobs"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
                .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
                .Build();
            client.On<Completion>("JobChanged", e => Measure(e, delays, ref measured));
            client.On<Completion[]>("JobsChanged", events =>
            {
                foreach (var e in events)
                    Measure(e, delays, ref measured);
            });
            await client.StartAsync();
            clients.Add(client);
        }
        Console.WriteLine("READY");
        var stop = Task.Run(async () =>
        {
            while (await Console.In.ReadLineAsync() is { } line && line != "STOP")
            {
                if (line == "RESET")
                {
                    delays.Clear();
                    Interlocked.Exchange(ref measured, 0);
                }
            }
        });
        while (!stop.IsCompleted)
        {
            Console.WriteLine($"RECEIVED {Interlocked.Read(ref measured)}");
            await Task.WhenAny(stop, Task.Delay(500));
        }
        foreach (var client in clients)
            await client.DisposeAsync();
        Console.WriteLine($"RESULT {JsonSerializer.Serialize(Percentiles.Of(delays))}");
        return 0;
    }

    /// <summary>What a client needs of a job event here; like any script, it reads only the fields it uses.</summary>
    private sealed record Completion(Guid JobId, JobEventKind Kind, DateTime At);

    private static void Measure(Completion jobEvent, ConcurrentQueue<double> delays, ref long measured)
    {
        if (jobEvent.Kind != JobEventKind.Succeeded)
            return;
        delays.Enqueue((DateTime.UtcNow - jobEvent.At).TotalMilliseconds);
        Interlocked.Increment(ref measured);
    }
}
