using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using JobQueue.Dashboard.Workers;
using JobQueue.Tests.Infrastructure;

namespace JobQueue.Tests.Integration;

/// <summary>
/// HTTP workers at work alongside an AMQP worker: 1,000 jobs through the Python example worker (a real process) and
/// three more HTTP workers, none lost, none finished twice.
/// </summary>
[Collection(SystemTests.Name)]
public class HttpWorkerScaleTests(JobQueueSystem system)
{
    [Fact]
    public async Task ThousandJobs_ThroughFourHttpWorkersThePythonExampleAmongThem_AndAnAmqpWorker_NoneLostNoneTwice()
    {
        const int Jobs = 1000;
        var queue = await system.NewQueueAsync("http-mix");
        using var admin = await system.SignInAsAdminAsync();
        var key = await HttpWorkerClient.CreateKeyAsync(admin, "mix", queues: [queue]);
        await using var amqp = await system.StartWorkerAsync(queue, "mix-amqp", new Dictionary<string, string> { ["Worker__Concurrency"] = "2" });
        var pythonId = $"python-{Guid.NewGuid():N}"[..16];
        await using var python = ManagedProcess.StartCommand(pythonId, "python3",
            [Path.Combine(TestPaths.RepositoryRoot, "examples", "python-worker", "worker.py"), "--url", system.DashboardUrl.ToString(),
             "--queue", queue, "--worker-id", pythonId, "--wait-seconds", "2"],
            TestPaths.RepositoryRoot, new Dictionary<string, string> { ["JOBQUEUE_WORKER_KEY"] = key });
        await python.WaitForOutputAsync($"Worker {pythonId} fetching", TimeSpan.FromSeconds(30));

        using var user = await system.NewUserAsync();
        var texts = Enumerable.Range(0, Jobs).Select(i => $"mix-{i}").ToList();
        var submitted = new List<JobQueue.Dashboard.Jobs.JobDto>();
        foreach (var chunk in texts.Chunk(250))
            submitted.AddRange(await user.SubmitBatchAsync("reverse_string", chunk.Select(t => $"\"{t}\""), queue));

        using var stop = new CancellationTokenSource();
        var acked = new ConcurrentDictionary<Guid, int>();
        var loops = Enumerable.Range(1, 3).Select(n => Task.Run(async () =>
        {
            using var worker = new HttpWorkerClient(system.DashboardUrl, key, $"cs-{n}-{Guid.NewGuid():N}"[..16]);
            while (!stop.IsCancellationRequested)
            {
                var (status, job, body) = await worker.FetchAsync(queue, waitSeconds: 1);
                if (job is null)
                {
                    status.ShouldBe(HttpStatusCode.NoContent, body);
                    continue;
                }
                var text = job.Payload.GetString()!;
                var (ackStatus, ackBody) = await worker.AckAsync(job.JobId, result: new string(text.Reverse().ToArray()));
                ackStatus.ShouldBe(HttpStatusCode.OK, ackBody);
                acked.AddOrUpdate(job.JobId, 1, (_, n) => n + 1);
            }
        })).ToList();

        try
        {
            await Eventually.ReadAsync(async () =>
            {
                var page = await user.ListAsync($"?queue={queue}&status=Succeeded&pageSize=1&total=exact");
                return page.Total;
            }, total => total == Jobs, $"all {Jobs} jobs Succeeded", TimeSpan.FromSeconds(180));
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(loops);
        }
        await python.StopAsync(TimeSpan.FromSeconds(20));

        foreach (var job in submitted.Take(50))
            (await user.GetAsync(job.Id)).Result.ShouldBe(new string(job.Payload.GetString()!.Reverse().ToArray()));
        acked.Values.ShouldAllBe(n => n == 1, "no HTTP worker acked a job twice");

        // Every attempt that finished, counted by the workers themselves: exactly one per job.
        var workers = await Eventually.ReadAsync(
            async () => (await admin.Http.GetFromJsonAsync<List<WorkerDto>>(new Uri("/api/workers", UriKind.Relative), ApiClient.Json))!
                .Where(w => w.Queues.Contains(queue)).ToList(),
            all => all.Sum(w => w.Processed) >= Jobs, "the workers' final counts");
        workers.Sum(w => w.Processed).ShouldBe(Jobs, string.Join(", ", workers.Select(w => $"{w.Id}: {w.Processed}")));
        workers.Single(w => w.Id == pythonId).Processed.ShouldBeGreaterThan(0, "the Python example took part");
        workers.Single(w => w.Id == system.WorkerId("mix-amqp")).Processed.ShouldBeGreaterThan(0, "the AMQP worker took part");
        workers.Count(w => w.Transport == "http").ShouldBe(4);
    }
}
