using JobQueue.Dashboard.Broker;
using JobQueue.Dashboard.Live;
using JobQueue.Dashboard.Telemetry;
using JobQueue.Dashboard.Workers;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace JobQueue.Tests.Unit;

/// <summary>A worker's kept lines on a dashboard: merged by number, whatever order its messages arrive in.</summary>
public class WorkerLogsTests
{
    private static readonly ServiceProvider Meters = new ServiceCollection().AddMetrics().BuildServiceProvider();

    private static readonly DateTime Started = new(2026, 12, 7, 20, 0, 0, DateTimeKind.Utc);

    private static WorkerLogLine Line(long number) => new(number, Started.AddSeconds(number), LogLevel.Information, "test", $"line {number}");

    private static (LiveEvents Events, WorkerLogs Logs) Create()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new RabbitMqOptions());
        var connection = new RabbitMqConnection(options, NullLogger<RabbitMqConnection>.Instance, "unused", ResiliencePipeline.Empty);
        var broker = new BrokerGateway(new ConfirmingPublisher(connection, options), connection, options,
            new DashboardTelemetry(Meters.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), NullLogger<BrokerGateway>.Instance);
        var events = new LiveEvents(NullLogger<LiveEvents>.Instance, TimeProvider.System);
        return (events, new WorkerLogs(events, broker, NullLogger<WorkerLogs>.Instance));
    }

    [Fact]
    public void Add_ANewLineBeforeTheKeptOnesSentAgain_KeepsEveryLineInOrder()
    {
        var (events, logs) = Create();
        // A dashboard that restarted: the worker's newest line arrives first, then every kept line, sent again when asked.
        events.Publish(new LiveEvent.WorkerLogged(new WorkerLogLines("w", Started, [Line(10)])));
        events.Publish(new LiveEvent.WorkerLogged(new WorkerLogLines("w", Started, [.. Enumerable.Range(1, 10).Select(n => Line(n))])));
        logs.Of("w")!.Select(l => l.Number).ShouldBe([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    }

    [Fact]
    public void Add_ANewProcess_StartsItsLinesAfresh_AndAnOlderOnesLateLinesAreDropped()
    {
        var (events, logs) = Create();
        events.Publish(new LiveEvent.WorkerLogged(new WorkerLogLines("w", Started, [Line(1), Line(2)])));
        events.Publish(new LiveEvent.WorkerLogged(new WorkerLogLines("w", Started.AddMinutes(1), [Line(1)])));
        events.Publish(new LiveEvent.WorkerLogged(new WorkerLogLines("w", Started, [Line(3)])));
        logs.Of("w")!.ShouldHaveSingleItem().At.ShouldBe(Started.AddSeconds(1));
    }

    [Fact]
    public void Add_PastTheLimit_KeepsTheNewest()
    {
        var (events, logs) = Create();
        events.Publish(new LiveEvent.WorkerLogged(new WorkerLogLines("w", Started,
            [.. Enumerable.Range(1, WorkerLogs.LinesPerWorker + 5).Select(n => Line(n))])));
        events.Publish(new LiveEvent.WorkerLogged(new WorkerLogLines("w", Started, [Line(2)])));
        var kept = logs.Of("w")!;
        kept.Count.ShouldBe(WorkerLogs.LinesPerWorker);
        (kept[0].Number, kept[^1].Number).ShouldBe((6, WorkerLogs.LinesPerWorker + 5));
    }
}
