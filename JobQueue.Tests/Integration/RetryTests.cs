using JobQueue.Shared.Contracts;
using JobQueue.Tests.Infrastructure;

namespace JobQueue.Tests.Integration;

/// <summary>Retries through the TTL retry queues and timeouts, on the real broker with the standing workers (1 s base delay).</summary>
[Collection(SystemTests.Name)]
public class RetryTests(JobQueueSystem system)
{
    [Fact]
    public async Task JobFailingItsFirstTwoAttempts_IsRetriedWithBackoff_AndSucceedsOnTheThird()
    {
        using var user = await system.NewUserAsync();
        var job = await user.SubmitAsync("sleep", "{\"seconds\": 0.05, \"steps\": 1, \"failAttempts\": 2}", system.Queue, maxAttempts: 3);
        job.MaxAttempts.ShouldBe(3);

        var retrying = await user.WaitForAsync(job.Id, j => j.Status == JobStatus.Retrying || JobTransitions.IsTerminal(j.Status), what: "retrying");
        if (retrying.Status == JobStatus.Retrying)
        {
            retrying.NextAttemptAt.ShouldNotBeNull();
            retrying.Error!.ShouldContain("failed on request");
        }

        var done = await user.WaitForStatusAsync(job.Id, JobStatus.Succeeded, TimeSpan.FromSeconds(60));
        done.Attempt.ShouldBe(3);
        done.NextAttemptAt.ShouldBeNull();
        var retries = done.Timeline!.Where(t => t.Status == JobStatus.Retrying).ToList();
        retries.Select(t => t.Attempt).ShouldBe([1, 2]);
        retries[0].Note!.ShouldContain("attempt 1 of 3 failed");
        retries[0].Note!.ShouldContain("next attempt at");
        // Backoff: the second attempt starts no sooner than the first delay (1 s) after the first failure, and the
        // third no sooner than twice that after the second.
        var started = done.Timeline!.Where(t => t.Status == JobStatus.Running).OrderBy(t => t.Attempt).ToList();
        started.Select(t => t.Attempt).ShouldBe([1, 2, 3]);
        (started[1].At - retries[0].At).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(900));
        (started[2].At - retries[1].At).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(1900));
    }

    [Fact]
    public async Task JobFailingEveryAttempt_IsFailedAfterMaxAttempts_AndDeadLetteredWithThem()
    {
        using var admin = await system.SignInAsAdminAsync();
        var job = await admin.SubmitAsync("sleep", "{\"seconds\": 0.05, \"steps\": 1, \"fail\": true}", system.Queue, maxAttempts: 2);

        var failed = await admin.WaitForStatusAsync(job.Id, JobStatus.Failed, TimeSpan.FromSeconds(60));
        failed.Attempt.ShouldBe(2);
        failed.Error!.ShouldContain("attempt 2 of 2; no attempts left");
        failed.Timeline!.Count(t => t.Status == JobStatus.Retrying).ShouldBe(1);

        var letters = await admin.WaitForDeadLettersAsync(items => items.Any(d => d.JobId == job.Id), "the dead letter after the last attempt");
        var dead = letters.Single(d => d.JobId == job.Id);
        dead.Attempts.ShouldBe(2);
        dead.Reason.ShouldContain("failed on request");
    }

    [Fact]
    public async Task JobOverItsTimeout_FailsAsTimedOut_AndIsRetriedLikeAnyFailure()
    {
        using var user = await system.NewUserAsync();
        var job = await user.SubmitAsync("sleep", "{\"seconds\": 30, \"steps\": 30}", system.Queue, maxAttempts: 2, timeoutSeconds: 1);
        job.TimeoutSeconds.ShouldBe(1);

        var failed = await user.WaitForStatusAsync(job.Id, JobStatus.Failed, TimeSpan.FromSeconds(60));
        failed.Attempt.ShouldBe(2);
        failed.Error!.ShouldStartWith("timed out after 1 s");
        failed.Timeline!.ShouldContain(t => t.Status == JobStatus.Retrying && t.Note!.Contains("timed out after 1 s"));
    }

    [Fact]
    public async Task DefaultSettings_AreThreeAttemptsAndTheTypesTimeout()
    {
        using var user = await system.NewUserAsync();
        var job = await user.SubmitAsync("reverse_string", "\"defaults\"", system.Queue);
        job.MaxAttempts.ShouldBe(3);
        job.TimeoutSeconds.ShouldBe(30);
    }
}
