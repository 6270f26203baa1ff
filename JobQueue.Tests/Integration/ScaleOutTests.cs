using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using JobQueue.Dashboard.Jobs;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.Messaging;
using JobQueue.Tests.Infrastructure;
using Xunit.Abstractions;

namespace JobQueue.Tests.Integration;

/// <summary>
/// The scaled-out system: 2 dashboards and 3 workers on one PostgreSQL database and the local 3-node RabbitMQ cluster
/// (scripts/cluster.sh). Jobs submitted to either dashboard show live on both and are stored once; through a broker
/// node's, a dashboard's and a worker's kill -9 in a 2,000-job run nothing is lost, stuck or completed twice, and the
/// once-only duties move to the surviving dashboard. In the local cluster's collection: one at a time on the cluster, beside the rest.
/// </summary>
[Collection(LocalClusterTests.Name)]
public class ScaleOutTests(ITestOutputHelper output)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private static JobQueueSystem NewSystem() => new()
    {
        Database = TestDatabase.Postgres,
        Dashboards = 2,
        RabbitMq = TestBroker.LocalCluster,
        DashboardSettings = new Dictionary<string, string>
        {
            // The once-only duties move within 4 s of their holder's death instead of the default 10.
            ["Leases__Duration"] = "00:00:04",
            ["Leases__RenewInterval"] = "00:00:01",
        },
    };

    [Fact]
    public async Task TwoDashboardsThreeWorkersOnACluster_JobsSubmittedToEither_ShowLiveOnBothAndAreStoredOnce()
    {
        await using var system = NewSystem();
        await system.InitializeAsync();
        await system.StartWorkerAsync(system.Queue, "worker-3");
        using var onA = await system.SignInAsAdminAsync();
        // The token A issued works on B: the data-protection keys are shared through the database.
        using var onB = onA.On(system.DashboardUrls[1]);
        await using var hubA = await HubListener.ConnectAsync(system.DashboardUrls[0], onA.AccessToken, _clock);
        await using var hubB = await HubListener.ConnectAsync(system.DashboardUrls[1], onA.AccessToken, _clock);

        var submitted = (await onA.SubmitBatchAsync("reverse_string", Enumerable.Range(0, 100).Select(i => $"\"a{i}\""), system.Queue))
            .Concat(await onB.SubmitBatchAsync("reverse_string", Enumerable.Range(0, 100).Select(i => $"\"b{i}\""), system.Queue))
            .Select(j => j.Id).ToHashSet();

        await hubA.WaitUntilAllReachedAsync(submitted, JobStatus.Succeeded, TimeSpan.FromSeconds(60));
        await hubB.WaitUntilAllReachedAsync(submitted, JobStatus.Succeeded, TimeSpan.FromSeconds(60));
        var workers = new HashSet<string>();
        foreach (var id in submitted)
        {
            // Read from the other dashboard than the one it was submitted to, half the time.
            var job = await (id.GetHashCode() % 2 == 0 ? onA : onB).GetAsync(id);
            job.Status.ShouldBe(JobStatus.Succeeded);
            job.Timeline!.Select(t => t.Status).ShouldBe([JobStatus.Queued, JobStatus.Running, JobStatus.Succeeded], $"job {id}: one timeline, no doubled entries");
            workers.Add(job.WorkerId!);
        }
        output.WriteLine($"200 jobs ran on {workers.Count} worker(s): {string.Join(", ", workers)}");
        workers.Count.ShouldBeGreaterThan(1, "the jobs all ran on one worker");

        // Both dashboards take a share of the events (two consumers on jobqueue.recorder); the queues that hold jobs and
        // events are quorum queues with a member on each of the three nodes; one dashboard runs the duties.
        // (The management API adds a queue's figures with its statistics, about a second late.)
        await Eventually.ReadAsync(() => BrokerAdmin.GetQueueAsync(system.VirtualHost, Topology.RecorderQueue, TestBroker.LocalCluster),
            recorder => recorder.TryGetProperty("consumers", out var consumers) && consumers.GetInt32() == 2, "two consumers on the recorder's queue");
        foreach (var queue in new[] { Topology.RecorderQueue, Topology.JobQueueName(system.Queue), Topology.DeadQueue })
        {
            var described = await BrokerAdmin.GetQueueAsync(system.VirtualHost, queue, TestBroker.LocalCluster);
            described.GetProperty("type").GetString().ShouldBe("quorum", queue);
            described.GetProperty("members").GetArrayLength().ShouldBe(3, $"{queue} is replicated on every node");
        }
        (await system.DutiesHoldersAsync()).Count.ShouldBe(1);
        Enumerable.Range(0, 2).Count(i => system.DashboardAt(i).Output.Contains("runs the once-only duties", StringComparison.Ordinal)).ShouldBe(1);
    }

    private const int TotalJobs = 2_000;
    private readonly ConcurrentDictionary<Guid, byte> _submitted = new();
    private readonly ConcurrentQueue<(TimeSpan At, int Dashboard)> _submits = new();

    [Fact]
    public async Task TwoThousandJobs_ThroughTheKillOfABrokerNodeADashboardAndAWorker_NoneLostStuckOrCompletedTwice()
    {
        await using var system = NewSystem();
        await system.InitializeAsync();
        await system.StartWorkerAsync(system.Queue, "worker-3");
        Log("system up: 2 dashboards, 3 workers, 3 broker nodes, PostgreSQL");
        using var admin = await system.SignInAsAdminAsync();
        var apis = new[] { admin, admin.On(system.DashboardUrls[1]) };
        await using var hubA = await HubListener.ConnectAsync(system.DashboardUrls[0], admin.AccessToken, _clock);
        await using var hubB = await HubListener.ConnectAsync(system.DashboardUrls[1], admin.AccessToken, _clock);
        var down = new bool[2];
        var node = 1;
        try
        {
            var submitting = SubmitAsync(apis, down, system.Queue);

            await WaitUntilSubmittedAsync(400, submitting);
            // The node the first dashboard is connected to, so that at least one dashboard must move to another node.
            node = NodeOf(system.DashboardAt(0));
            var nodeKilledAt = _clock.Elapsed;
            await LocalCluster.KillNodeAsync(node);
            Log($"broker node jq{node}, dashboard 0's, killed -9 ({_submitted.Count} submitted)");
            await system.DashboardAt(0).WaitForOutputAsync("Reconnected to RabbitMQ", TimeSpan.FromSeconds(30));
            var reconnectedAfter = _clock.Elapsed - nodeKilledAt;
            Log($"dashboard 0 reconnected to another node {reconnectedAfter.TotalSeconds:0.0} s after the kill");

            await WaitUntilSubmittedAsync(900, submitting);
            var holder = await system.DutiesHolderAsync();
            var survivor = 1 - holder;
            down[holder] = true;
            var dashboardKilledAt = _clock.Elapsed;
            await system.KillDashboardAsync(holder);
            Log($"dashboard {holder} (the once-only duties' holder) killed -9 ({_submitted.Count} submitted)");
            await system.DashboardAt(survivor).WaitForOutputAsync("runs the once-only duties", TimeSpan.FromSeconds(30));
            var tookOverAfter = _clock.Elapsed - dashboardKilledAt;
            Log($"dashboard {survivor} took over the once-only duties {tookOverAfter.TotalSeconds:0.0} s after the kill");

            await WaitUntilSubmittedAsync(1_400, submitting);
            await KillABusyWorkerAsync(system, apis[survivor]);
            await LocalCluster.StartNodeAsync(node);
            Log($"broker node jq{node} started again");
            await submitting;
            Log($"{_submitted.Count} submitted");

            var counts = await SystemRuns.WaitUntilAllTerminalAsync(apis[survivor], system.Queue, TimeSpan.FromMinutes(5));
            Log("settled: " + string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}")));
            var completedTwice = await SystemRuns.CountCompletedTwiceAsync(apis[survivor], _submitted.Keys);

            var hubs = new[] { hubA, hubB };
            var liveGapAfterNodeKill = LargestGap(hubB, nodeKilledAt, dashboardKilledAt);
            var ownLiveGapAfterNodeKill = LargestGap(hubA, nodeKilledAt, dashboardKilledAt);
            var submitGapAfterNodeKill = LargestSubmitGap(nodeKilledAt, nodeKilledAt + TimeSpan.FromSeconds(30));
            var submitGapAfterDashboardKill = LargestSubmitGap(dashboardKilledAt, dashboardKilledAt + TimeSpan.FromSeconds(30));
            var liveGapAfterDashboardKill = LargestGap(hubs[survivor], dashboardKilledAt, dashboardKilledAt + TimeSpan.FromSeconds(30));
            output.WriteLine($"interruptions (largest gap within 30 s of each fault): broker node kill: submits {submitGapAfterNodeKill.TotalSeconds:0.00} s, "
                + $"live view on dashboard 0 (whose node it was) {ownLiveGapAfterNodeKill.TotalSeconds:0.00} s, on dashboard 1 {liveGapAfterNodeKill.TotalSeconds:0.00} s; dashboard kill: submits {submitGapAfterDashboardKill.TotalSeconds:0.00} s, "
                + $"live view on the survivor (dashboard {survivor}) {liveGapAfterDashboardKill.TotalSeconds:0.00} s; once-only duties moved after {tookOverAfter.TotalSeconds:0.0} s; "
                + $"dashboard 0 reconnected after {reconnectedAfter.TotalSeconds:0.0} s");

            var stored = counts.Values.Sum();
            var notTerminal = counts.Where(c => !JobTransitions.IsTerminal(c.Key)).Sum(c => c.Value);
            output.WriteLine($"submitted {_submitted.Count}, stored {stored}, succeeded {counts.GetValueOrDefault(JobStatus.Succeeded)}, "
                + $"not terminal {notTerminal}, completed twice {completedTwice}, in {_clock.Elapsed.TotalSeconds:0} s");
            _submitted.Count.ShouldBe(TotalJobs);
            stored.ShouldBe(TotalJobs, "jobs were lost or duplicated");
            notTerminal.ShouldBe(0, "jobs are stuck");
            counts.GetValueOrDefault(JobStatus.Succeeded).ShouldBe(TotalJobs);
            completedTwice.ShouldBe(0);
            (await system.DutiesHoldersAsync()).ShouldBe([survivor], "the once-only duties belong to the surviving dashboard");
        }
        finally
        {
            apis[1].Dispose();
            await LocalCluster.StartNodeAsync(node);
        }
    }

    /// <summary>
    /// 2,000 jobs from 8 submitters, each to dashboard A or B in turn, each with an Idempotency-Key: a submit whose answer
    /// was lost (its dashboard died, the broker node went away) is sent again, with the same key, to the other dashboard,
    /// and yields the same job, never a second one.
    /// </summary>
    private async Task SubmitAsync(ApiClient[] apis, bool[] down, string queue)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async submitter =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < TotalJobs)
            {
                var key = Guid.NewGuid().ToString();
                var body = n % 4 == 0
                    ? $"{{\"type\":\"sleep\",\"payload\":{{\"seconds\":{0.5 + n % 5 * 0.25:0.00},\"steps\":2}},\"queue\":\"{queue}\"}}"
                    : $"{{\"type\":\"reverse_string\",\"payload\":\"job {n}\",\"queue\":\"{queue}\"}}";
                for (var attempt = 0; ; attempt++)
                {
                    var target = (n + attempt) % 2;
                    if (down[target])
                        target = 1 - target;
                    try
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/jobs", UriKind.Relative))
                        {
                            Content = new StringContent(body, Encoding.UTF8, "application/json"),
                        };
                        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
                        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                        using var response = await apis[target].Http.SendAsync(request, timeout.Token);
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            var job = (await response.Content.ReadFromJsonAsync<JobDto>(ApiClient.Json))!;
                            _submitted.TryAdd(job.Id, 0);
                            _submits.Enqueue((_clock.Elapsed, target));
                            break;
                        }
                        // 503 while a dependency is away: try again.
                        ((int)response.StatusCode).ShouldBeGreaterThanOrEqualTo(500, await response.Content.ReadAsStringAsync());
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                    {
                        // The dashboard went away mid-request: the same key, to the other one.
                    }
                    attempt.ShouldBeLessThan(100, $"job {n} could not be submitted");
                    await Task.Delay(100);
                }
            }
        }));
    }

    /// <summary>The cluster node (1 to 3) a process connected to first, from its log.</summary>
    private static int NodeOf(ManagedProcess process)
    {
        var match = System.Text.RegularExpressions.Regex.Match(process.Output, @"Connected to RabbitMQ at localhost:570(\d)");
        match.Success.ShouldBeTrue($"{process.Name} logged no connection to a cluster node");
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task WaitUntilSubmittedAsync(int count, Task submitting)
    {
        while (_submitted.Count < count && !submitting.IsCompleted)
            await Task.Delay(50);
        await (submitting.IsFaulted ? submitting : Task.CompletedTask);
    }

    private async Task KillABusyWorkerAsync(JobQueueSystem system, ApiClient api)
    {
        var (id, running) = await SystemRuns.KillABusyWorkerAsync(system, api);
        Log($"{id} killed -9 while running {running} job(s) ({_submitted.Count} submitted)");
        await system.StartWorkerAsync(system.Queue, "worker-4");
        Log("worker-4 started in its place");
    }

    private static TimeSpan LargestGap(HubListener hub, TimeSpan from, TimeSpan to) =>
        Gaps([.. hub.Received.Select(r => r.At)], from, to);

    private TimeSpan LargestSubmitGap(TimeSpan from, TimeSpan to) => Gaps([.. _submits.Select(s => s.At)], from, to);

    private static TimeSpan Gaps(List<TimeSpan> times, TimeSpan from, TimeSpan to)
    {
        var inWindow = times.Where(t => t >= from && t <= to).Order().Prepend(from).ToList();
        return inWindow.Zip(inWindow.Skip(1), (a, b) => b - a).DefaultIfEmpty(to - from).Max();
    }

    private void Log(string what) => output.WriteLine($"{_clock.Elapsed.TotalSeconds,6:0.0} s  {what}");
}
