using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using JobQueue.Shared.Contracts;
using JobQueue.Tests.Infrastructure;
using Xunit.Abstractions;

namespace JobQueue.Tests.Integration;

/// <summary>Restarts the shared broker, so nothing else may run meanwhile: xunit runs this collection on its own.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultInjection
{
    public const string Name = "Fault injection";
}

/// <summary>
/// 2,000 jobs, quick and slow, on a system of its own with 3 workers, while a worker is killed -9 twice, RabbitMQ
/// restarts once (stop_app, start_app), the dashboard is killed -9 and restarted once, and the broker's Erlang VM is
/// killed -9 and started again. Afterwards every job must be in a terminal state, none lost, none stuck, none recorded
/// as completed twice, and Succeeded = submitted - cancelled.
/// </summary>
[Collection(FaultInjection.Name)]
public class FaultInjectionTests(ITestOutputHelper output)
{
    private const int TotalJobs = 2_000;
    private const int Submitters = 16;
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromMinutes(5);

    private readonly ConcurrentBag<Guid> _submitted = [];
    private readonly ConcurrentBag<Guid> _sleepers = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    [LocalBrokerFact]
    public async Task TwoThousandJobs_ThroughWorkerKillsABrokerRestartAndADashboardRestart_AllEndOnceAndNoneIsLost()
    {
        await using var system = new JobQueueSystem();
        await system.InitializeAsync();
        await system.StartWorkerAsync(system.Queue, "worker-3");
        Log("system up: dashboard and 3 workers");

        var api = await system.SignInAsAdminAsync();
        try
        {
            // The first 1,400 jobs are submitted while a worker is killed and the broker restarts underneath.
            var firstWaves = SubmitAsync(api, system.Queue, 1_400, offset: 0);
            await WaitUntilSubmittedAsync(200, firstWaves);
            await KillABusyWorkerAsync(system, api, "worker-4");

            await WaitUntilSubmittedAsync(400, firstWaves);
            // Jobs submitted while the broker is down are stored and published by the outbox when it is back.
            var beforeStop = _submitted.Count;
            Log($"stopping RabbitMQ ({beforeStop} jobs submitted)");
            await RabbitMqCtl.RunAsync("stop_app");
            var stopped = _submitted.Count;
            Log($"RabbitMQ stopped ({stopped} jobs submitted)");
            try
            {
                // Down until 50 more jobs were submitted to the dashboard without a broker (or the first waves ended).
                await WaitUntilSubmittedAsync(stopped + 50, firstWaves);
            }
            finally
            {
                await RabbitMqCtl.RunAsync("start_app");
                Log($"RabbitMQ started again ({_submitted.Count} jobs submitted; {_submitted.Count - beforeStop} while it stopped or was down)");
            }
            await firstWaves;
            Log($"{_submitted.Count} jobs submitted");

            // The first waves' sleepers may all be done by now (a fresh-clone run cancelled none, and so proved nothing
            // about cancels): fresh ones make sure there is something queued or running to cancel.
            await SubmitSleepersAsync(api, system.Queue, 16);
            var cancelled = await CancelSomeSleepersAsync(api, 100);
            Log($"cancel accepted for {cancelled} queued or running sleep jobs");

            // The first waves may all be done by now: a few long sleepers make sure the next kill strands running jobs.
            await SubmitSleepersAsync(api, system.Queue, 16);
            await KillABusyWorkerAsync(system, api, "worker-5");

            api.Dispose();
            await system.RestartDashboardAsync();
            api = await system.SignInAsAdminAsync();
            Log("dashboard killed -9 and restarted");

            // The broker crashes outright with submits in flight: kill -9 of the Erlang VM, then a fresh start.
            var lastWave = SubmitAsync(api, system.Queue, TotalJobs - _submitted.Count, offset: _submitted.Count);
            await WaitUntilSubmittedAsync(_submitted.Count + 100, lastWave);
            Log($"killing the Erlang VM ({_submitted.Count} jobs submitted)");
            var away = await RabbitMqCtl.KillAndRestartAsync();
            Log($"RabbitMQ's VM killed -9 and started again: away {away.TotalSeconds:0.0} s ({_submitted.Count} jobs submitted)");
            await lastWave;
            Log($"{_submitted.Count} jobs submitted");

            var counts = await SystemRuns.WaitUntilAllTerminalAsync(api, system.Queue, SettleTimeout);
            Log("settled: " + string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}")));

            var completedTwice = await SystemRuns.CountCompletedTwiceAsync(api, _submitted);
            var submitted = _submitted.Count;
            var stored = counts.Values.Sum();
            var succeeded = counts.GetValueOrDefault(JobStatus.Succeeded);
            var cancelledCount = counts.GetValueOrDefault(JobStatus.Cancelled);
            var failed = counts.GetValueOrDefault(JobStatus.Failed);
            var notTerminal = counts.Where(c => !JobTransitions.IsTerminal(c.Key)).Sum(c => c.Value);
            output.WriteLine($"submitted {submitted}, stored {stored}, succeeded {succeeded}, cancelled {cancelledCount}, failed {failed}, "
                + $"not terminal {notTerminal}, recorded as completed twice {completedTwice}, in {_clock.Elapsed.TotalSeconds:0} s");

            submitted.ShouldBe(TotalJobs);
            stored.ShouldBe(submitted, "jobs were lost or duplicated");
            notTerminal.ShouldBe(0, "jobs are stuck");
            failed.ShouldBe(0);
            completedTwice.ShouldBe(0);
            succeeded.ShouldBe(submitted - cancelledCount);
            cancelledCount.ShouldBeGreaterThan(0, "the run cancelled no job, so it proved nothing about cancels");
        }
        finally
        {
            api.Dispose();
        }
    }

    private async Task SubmitAsync(ApiClient api, string queue, int count, int offset)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Submitters).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var n = offset + i;
                // One job in four sleeps 1 to 4 s, in steps, so the faults always find jobs running.
                var sleeper = n % 4 == 0;
                var job = sleeper
                    ? await api.SubmitAsync("sleep", $"{{\"seconds\": {1.0 + n % 7 * 0.5:0.0}, \"steps\": 4}}", queue)
                    : await api.SubmitAsync("reverse_string", $"\"job {n}\"", queue);
                _submitted.Add(job.Id);
                if (sleeper)
                    _sleepers.Add(job.Id);
            }
        }));
    }

    private async Task SubmitSleepersAsync(ApiClient api, string queue, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var job = await api.SubmitAsync("sleep", "{\"seconds\": 4, \"steps\": 4}", queue);
            _submitted.Add(job.Id);
            _sleepers.Add(job.Id);
        }
    }

        private async Task WaitUntilSubmittedAsync(int count, Task submitting)
    {
        while (_submitted.Count < count && !submitting.IsCompleted)
            await Task.Delay(50);
        await (submitting.IsFaulted ? submitting : Task.CompletedTask);
    }

    /// <summary>Kills -9 a worker that is running jobs, so the kill strands them, and starts another in its place.</summary>
    private async Task<ManagedProcess> KillABusyWorkerAsync(JobQueueSystem system, ApiClient api, string replacement)
    {
        var (id, running) = await SystemRuns.KillABusyWorkerAsync(system, api);
        Log($"{id} killed -9 while running {running} job(s)");
        var started = await system.StartWorkerAsync(system.Queue, replacement);
        Log($"{replacement} started");
        return started;
    }

    private async Task<int> CancelSomeSleepersAsync(ApiClient api, int count)
    {
        var cancelled = 0;
        foreach (var id in _sleepers.OrderByDescending(id => id).Take(count * 3))
        {
            var response = await api.Http.PostAsync(new Uri($"/api/jobs/{id}/cancel", UriKind.Relative), null);
            if (response.StatusCode == HttpStatusCode.Accepted && ++cancelled == count)
                break;
            response.StatusCode.ShouldBeOneOf([HttpStatusCode.Accepted, HttpStatusCode.Conflict], await response.Content.ReadAsStringAsync());
        }
        return cancelled;
    }

    private void Log(string what) => output.WriteLine($"{_clock.Elapsed.TotalSeconds,6:0.0} s  {what}");
}
