using System.Net;
using System.Net.Http.Json;
using JobQueue.Dashboard.JobLogs;
using JobQueue.Dashboard.Workers;
using JobQueue.Shared.Contracts;
using JobQueue.Tests.Infrastructure;

namespace JobQueue.Tests.Integration;

/// <summary>
/// The fetch/ack contract of HTTP workers, against the real dashboard and RabbitMQ: a fetch leases the next job (the
/// same one again until it is acked), progress and log lines reach the job, an ack finishes it once, an expired lease
/// goes to the next worker with the attempt counted, an error follows the retry rules, a cancel reaches the worker.
/// </summary>
[Collection(SystemTests.Name)]
public class HttpWorkerTests(JobQueueSystem system)
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(30);

    private async Task<(ApiClient User, string Queue, string Key)> SetUpAsync(string purpose)
    {
        var queue = await system.NewQueueAsync(purpose);
        using var admin = await system.SignInAsAdminAsync();
        var key = await HttpWorkerClient.CreateKeyAsync(admin, $"{purpose} key");
        return (await system.NewUserAsync(), queue, key);
    }

    [Fact]
    public async Task Fetch_TwiceBeforeTheAck_GivesTheSameJob_ProgressAndLinesReachIt_AndTheAckFinishesItOnce()
    {
        var (user, queue, key) = await SetUpAsync("http-contract");
        using var _ = user;
        using var worker = new HttpWorkerClient(system.DashboardUrl, key, $"py-{Guid.NewGuid():N}"[..12]);
        (await worker.FetchAsync(queue)).Status.ShouldBe(HttpStatusCode.NoContent, "nothing queued yet");

        var submitted = await user.SubmitAsync("reverse_string", "\"abc\"", queue);
        var job = await worker.FetchJobAsync(queue, Soon);
        job.JobId.ShouldBe(submitted.Id);
        job.Type.ShouldBe("reverse_string");
        job.Payload.GetString().ShouldBe("abc");
        job.Attempt.ShouldBe(1);
        job.LeaseExpiresAt.ShouldBeGreaterThan(DateTime.UtcNow.AddSeconds(50));
        (await worker.FetchAsync(queue)).Job!.JobId.ShouldBe(job.JobId, "the same job until it is acked");

        var running = await user.WaitForStatusAsync(job.JobId, JobStatus.Running);
        running.WorkerId.ShouldBe(worker.WorkerId);
        (await worker.ProgressAsync(job.JobId, 50, ["half way"])).Status.ShouldBe(HttpStatusCode.OK);
        await user.WaitForAsync(job.JobId, j => j.Progress == 50, what: "progress 50");
        await Eventually.ReadAsync(
            async () => (await user.Http.GetFromJsonAsync<JobLogDto>(new Uri($"/api/jobs/{job.JobId}/logs", UriKind.Relative), ApiClient.Json))!,
            log => log.Lines.Any(l => l.Message == "half way"), "the worker's log line on the job");

        var (status, body) = await worker.AckAsync(job.JobId, result: "cba");
        status.ShouldBe(HttpStatusCode.OK, body);
        body.ShouldContain("Succeeded");
        var done = await user.WaitForStatusAsync(job.JobId, JobStatus.Succeeded);
        done.Result.ShouldBe("cba");
        (await worker.AckAsync(job.JobId, result: "again")).Status.ShouldBe(HttpStatusCode.Conflict, "an ack finishes a job once");
        (await user.GetAsync(job.JobId)).Result.ShouldBe("cba");

        // The worker is on the Workers page as an HTTP worker, with what it did.
        using var admin = await system.SignInAsAdminAsync();
        var listed = await Eventually.ReadAsync(
            async () => (await admin.Http.GetFromJsonAsync<List<WorkerDto>>(new Uri("/api/workers", UriKind.Relative), ApiClient.Json))!
                .FirstOrDefault(w => w.Id == worker.WorkerId),
            w => w is { Processed: 1 }, "the HTTP worker on the Workers page");
        listed!.Transport.ShouldBe("http");
        listed.Queues.ShouldContain(queue);
        listed.LastCallAt.ShouldNotBeNull();
        // No AMQP worker consumes this queue: its one consumer is the HTTP worker.
        await admin.WaitForQueueAsync(queue, q => q.Consumers == 1, "the HTTP worker counted as the queue's consumer");
    }

    [Fact]
    public async Task Lease_NotAckedInTime_GoesToTheNextWorker_WithTheAttemptCounted_AndTheLateAckIsRefused()
    {
        var (user, queue, key) = await SetUpAsync("http-lease");
        using var _ = user;
        using var slow = new HttpWorkerClient(system.DashboardUrl, key, $"slow-{Guid.NewGuid():N}"[..12]);
        using var next = new HttpWorkerClient(system.DashboardUrl, key, $"next-{Guid.NewGuid():N}"[..12]);
        var submitted = await user.SubmitAsync("reverse_string", "\"lease\"", queue, maxAttempts: 3);

        var first = await slow.FetchJobAsync(queue, Soon, timeToRecoverSeconds: 5);
        first.JobId.ShouldBe(submitted.Id);
        var again = await next.FetchJobAsync(queue, Soon);
        again.JobId.ShouldBe(submitted.Id, "the expired lease's job goes back to the queue");
        again.Attempt.ShouldBe(2);
        (await slow.AckAsync(first.JobId, result: "late")).Status.ShouldBe(HttpStatusCode.Conflict);
        (await next.AckAsync(again.JobId, result: "esael")).Status.ShouldBe(HttpStatusCode.OK);
        var done = await user.WaitForStatusAsync(submitted.Id, JobStatus.Succeeded);
        done.Result.ShouldBe("esael");
        done.Attempt.ShouldBe(2);
    }

    [Fact]
    public async Task Ack_WithAnError_FollowsTheRetryRules_UntilTheJobFails_AndIsDeadLettered()
    {
        var (user, queue, key) = await SetUpAsync("http-retry");
        using var _ = user;
        using var worker = new HttpWorkerClient(system.DashboardUrl, key, $"err-{Guid.NewGuid():N}"[..12]);
        var submitted = await user.SubmitAsync("reverse_string", "\"boom\"", queue, maxAttempts: 2);

        var first = await worker.FetchJobAsync(queue, Soon);
        var (status, body) = await worker.AckAsync(first.JobId, error: "the service said no");
        status.ShouldBe(HttpStatusCode.OK, body);
        body.ShouldContain("Retrying");
        await user.WaitForStatusAsync(submitted.Id, JobStatus.Retrying);
        var second = await worker.FetchJobAsync(queue, Soon);
        second.Attempt.ShouldBe(2);
        (await worker.AckAsync(second.JobId, error: "still no")).Body.ShouldContain("Failed");
        var failed = await user.WaitForStatusAsync(submitted.Id, JobStatus.Failed);
        failed.Error.ShouldBe("still no (attempt 2 of 2; no attempts left)");
        using var admin = await system.SignInAsAdminAsync();
        var letters = await admin.WaitForDeadLettersAsync(l => l.Any(d => d.JobId == submitted.Id), "the failed job's dead letter");
        letters.Single(d => d.JobId == submitted.Id).WorkerId.ShouldBe(worker.WorkerId);
    }

    [Fact]
    public async Task Cancel_OfAJobAnHttpWorkerRuns_ReachesItAsTheAnswerToItsNextProgress()
    {
        var (user, queue, key) = await SetUpAsync("http-cancel");
        using var _ = user;
        using var worker = new HttpWorkerClient(system.DashboardUrl, key, $"cx-{Guid.NewGuid():N}"[..12]);
        var submitted = await user.SubmitAsync("sleep", """{"seconds":60,"steps":6}""", queue);
        var job = await worker.FetchJobAsync(queue, Soon);
        await user.WaitForStatusAsync(job.JobId, JobStatus.Running);

        (await user.CancelAsync(submitted.Id)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var (status, body) = await Eventually.ReadAsync(() => worker.ProgressAsync(job.JobId, 10), r => r.Status != HttpStatusCode.OK,
            "the cancel, as the answer to a progress call");
        status.ShouldBe(HttpStatusCode.Conflict);
        body.ShouldContain("\"title\":\"cancelled\"");
        await user.WaitForStatusAsync(submitted.Id, JobStatus.Cancelled);
        (await worker.AckAsync(job.JobId, result: "done anyway")).Status.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task WorkerKey_LimitedToAQueue_CannotFetchAnother_ARevokedOneIsRefusedAtOnce_AndNoKeyOpensAUserEndpoint()
    {
        var queue = await system.NewQueueAsync("http-keys");
        var other = await system.NewQueueAsync("http-keys-other");
        using var admin = await system.SignInAsAdminAsync();
        using var response = await admin.Http.PostAsJsonAsync("/api/worker-keys", new { name = "limited", queues = new[] { queue } });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var created = (await response.Content.ReadFromJsonAsync<JobQueue.Dashboard.WorkerKeys.CreatedWorkerKey>(ApiClient.Json))!;
        using var worker = new HttpWorkerClient(system.DashboardUrl, created.Key, $"k-{Guid.NewGuid():N}"[..12]);

        (await worker.FetchAsync(queue)).Status.ShouldBe(HttpStatusCode.NoContent);
        var refused = await worker.FetchAsync(other);
        refused.Status.ShouldBe(HttpStatusCode.Forbidden);
        refused.Body.ShouldContain(other);
        (await worker.Http.GetAsync(new Uri("/api/jobs", UriKind.Relative))).StatusCode.ShouldBeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized);
        (await worker.Http.GetAsync(new Uri("/api/workers", UriKind.Relative))).StatusCode.ShouldBeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized);

        // A user's token is not a worker key.
        using var user = await system.NewUserAsync();
        (await user.Http.PostAsJsonAsync($"/api/queues/{queue}/fetch", new { workerId = "u" })).StatusCode.ShouldBeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized);

        (await admin.Http.DeleteAsync(new Uri($"/api/worker-keys/{created.WorkerKey.Id}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await worker.FetchAsync(queue)).Status.ShouldBe(HttpStatusCode.Unauthorized, "a revoked key is refused at once");

        // Bad input is a clear 400.
        using var fresh = new HttpWorkerClient(system.DashboardUrl, await HttpWorkerClient.CreateKeyAsync(admin, "fresh"), "has spaces in it");
        var bad = await fresh.FetchAsync(queue, timeToRecoverSeconds: 1);
        bad.Status.ShouldBe(HttpStatusCode.BadRequest);
        bad.Body.ShouldContain("workerId");
        bad.Body.ShouldContain("timeToRecoverSeconds");
    }
}
