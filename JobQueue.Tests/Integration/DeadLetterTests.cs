using System.Net;
using System.Text;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.Messaging;
using JobQueue.Tests.Infrastructure;

namespace JobQueue.Tests.Integration;

[Collection(SystemTests.Name)]
public class DeadLetterTests(JobQueueSystem system)
{
    [Fact]
    public async Task FailedJob_IsDeadLetteredWithReasonAndAttempts_AndRequeueRunsItAgainAsANewAttempt()
    {
        using var admin = await system.SignInAsAdminAsync();
        var job = await admin.SubmitAsync("sleep", "{\"seconds\": 0.05, \"steps\": 1, \"fail\": true}", system.Queue, maxAttempts: 1);
        (await admin.WaitForStatusAsync(job.Id, JobStatus.Failed)).Error!.ShouldContain("failed on request");

        var dead = (await admin.WaitForDeadLettersAsync(items => items.Any(d => d.JobId == job.Id), "the failed job's dead letter")).Single(d => d.JobId == job.Id);
        dead.Reason.ShouldContain("failed on request");
        dead.Attempts.ShouldBe(1);
        dead.Queue.ShouldBe(system.Queue);
        dead.Type.ShouldBe("sleep");

        var requeue = await admin.Http.PostAsync(new Uri($"/api/dead-letters/{dead.Id}/requeue", UriKind.Relative), null);
        requeue.StatusCode.ShouldBe(HttpStatusCode.OK, await requeue.Content.ReadAsStringAsync());

        // The job fails every time, so its second attempt dies too: the same row, now with two attempts.
        var again = await admin.WaitForAsync(job.Id, j => j is { Status: JobStatus.Failed, Attempt: 2 }, what: "attempt 2 failed");
        again.Timeline!.ShouldContain(t => t.Note == $"requeued from the dead letters by {JobQueueSystem.AdminEmail}");
        var second = (await admin.WaitForDeadLettersAsync(items => items.Any(d => d.JobId == job.Id && d.Attempts == 2), "the dead letter of attempt 2")).Where(d => d.JobId == job.Id).ShouldHaveSingleItem();

        (await admin.Http.DeleteAsync(new Uri($"/api/dead-letters/{second.Id}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await admin.GetDeadLettersAsync()).ShouldNotContain(d => d.JobId == job.Id);
        (await admin.GetAsync(job.Id)).Status.ShouldBe(JobStatus.Failed);
        (await admin.Http.DeleteAsync(new Uri($"/api/dead-letters/{second.Id}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    public static TheoryData<string, string> PoisonMessages => new()
    {
        { "not json {0}", "The job message cannot be read" },
        { "{{\"marker\":\"{0}\",\"type\":\"reverse_string\",\"queue\":\"default\",\"payload\":\"x\",\"attempt\":1,\"ownerId\":\"o\"}}",
            "The job message is not a runnable job: jobId is missing." },
        { "{{\"jobId\":\"8b0f1c2e-0000-7000-8000-000000000001\",\"marker\":\"{0}\",\"type\":\"sleep\",\"queue\":\"default\",\"payload\":{{}},\"attempt\":1,\"ownerId\":\"o\",\"maxAttempts\":99}}",
            "maxAttempts must be between 1 and 10" },
        { "{{\"marker\":\"{0}\",\"pad\":\"" + new string('x', 300 * 1024) + "\"}}", "bytes; at most 262144 bytes are accepted" },
    };

    [Theory]
    [MemberData(nameof(PoisonMessages))]
    public async Task PoisonMessage_IsDeadLetteredOnceWithTheReason_CannotBeRequeued_AndTheWorkersKeepRunning(string bodyFormat, string reason)
    {
        using var admin = await system.SignInAsAdminAsync();
        var marker = $"poison-{Guid.NewGuid():N}";
        await system.Publisher.PublishRawAsync(Topology.JobsExchange, system.Queue, Encoding.UTF8.GetBytes(string.Format(bodyFormat, marker)),
            MessageEnvelope.Properties("job", persistent: true));

        var dead = (await admin.WaitForDeadLettersAsync(items => items.Any(d => d.Body.Contains(marker, StringComparison.Ordinal)), "the poison message's dead letter")).Single(d => d.Body.Contains(marker, StringComparison.Ordinal));
        dead.JobId.ShouldBeNull();
        dead.Reason.ShouldContain(reason);
        dead.WorkerId.ShouldNotBeNull();

        var requeue = await admin.Http.PostAsync(new Uri($"/api/dead-letters/{dead.Id}/requeue", UriKind.Relative), null);
        requeue.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await requeue.Content.ReadAsStringAsync()).ShouldContain("could not be read as a job");
        (await admin.Http.DeleteAsync(new Uri($"/api/dead-letters/{dead.Id}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        // Acked after it was dead-lettered, so it is not delivered again: the queue is empty and the workers still work.
        var job = await admin.SubmitAsync("reverse_string", "\"still here\"", system.Queue);
        (await admin.WaitForStatusAsync(job.Id, JobStatus.Succeeded)).Result.ShouldBe("ereh llits");
        (await admin.GetDeadLettersAsync()).ShouldNotContain(d => d.Body.Contains(marker, StringComparison.Ordinal));
    }

    [Fact]
    public async Task JobOfATypeNoWorkerRuns_IsFailedAndDeadLetteredWithoutRetries()
    {
        using var admin = await system.SignInAsAdminAsync();
        var jobId = Guid.CreateVersion7();
        var message = new JobMessage(jobId, "no_such_type", system.Queue, System.Text.Json.JsonDocument.Parse("1").RootElement, 1, "owner", DateTime.UtcNow, MaxAttempts: 5);
        await system.Publisher.PublishAsync(Topology.JobsExchange, system.Queue, message, "job");

        var dead = (await admin.WaitForDeadLettersAsync(items => items.Any(d => d.JobId == jobId), "the dead letter of the unknown type")).Single(d => d.JobId == jobId);
        dead.Reason.ShouldContain("no handler for job type 'no_such_type'");
        dead.Attempts.ShouldBe(1);
    }

    [Fact]
    public async Task DeadLetters_AreForAdminsOnly()
    {
        using var user = await system.NewUserAsync();
        (await user.Http.GetAsync(new Uri("/api/dead-letters", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await user.Http.PostAsync(new Uri("/api/dead-letters/requeue-all", UriKind.Relative), null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await user.Http.DeleteAsync(new Uri("/api/dead-letters/1", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
