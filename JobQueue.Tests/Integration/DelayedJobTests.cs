using System.Globalization;
using System.Net;
using System.Text.Json;
using JobQueue.Dashboard.Jobs;
using JobQueue.Shared.Contracts;
using JobQueue.Tests.Infrastructure;

namespace JobQueue.Tests.Integration;

/// <summary>
/// Jobs submitted to run later (<c>delaySeconds</c>, <c>runAt</c>): Scheduled in the database until due, then released by
/// the once-only scheduler, never before their time and soon after it, once, through a dashboard restart.
/// </summary>
[Collection(SystemTests.Name)]
public class DelayedJobTests(JobQueueSystem system)
{
    /// <summary>The scheduler looks every 250 ms; the bound leaves room for a loaded machine.</summary>
    private static readonly TimeSpan ReleasedWithin = TimeSpan.FromSeconds(1.5);

    [Fact]
    public async Task DelayedJob_IsScheduledUntilItsTime_ThenReleasedNotBeforeAndWithinASecondAfter()
    {
        using var user = await system.NewUserAsync();
        var before = DateTime.UtcNow;
        var job = await user.SubmitJsonAsync($"{{\"type\":\"reverse_string\",\"payload\":\"later\",\"queue\":\"{system.Queue}\",\"delaySeconds\":2}}");

        job.Status.ShouldBe(JobStatus.Scheduled);
        var runAt = job.RunAt.ShouldNotBeNull();
        runAt.ShouldBeInRange(before.AddSeconds(2), DateTime.UtcNow.AddSeconds(2));
        (await user.GetAsync(job.Id)).Status.ShouldBe(JobStatus.Scheduled);

        var done = await user.WaitForStatusAsync(job.Id, JobStatus.Succeeded, TimeSpan.FromSeconds(30));
        done.Result.ShouldBe("retal");
        AssertReleasedOnTime(done, runAt, ReleasedWithin);
        done.Timeline![0].Status.ShouldBe(JobStatus.Scheduled);
    }

    [Fact]
    public async Task RunAt_AnOffsetTimeIsHonouredInUtc_AndATimePastRunsAtOnce()
    {
        using var user = await system.NewUserAsync();
        var at = DateTimeOffset.UtcNow.AddSeconds(2).ToOffset(TimeSpan.FromHours(2));
        var later = await user.SubmitJsonAsync(
            $"{{\"type\":\"reverse_string\",\"payload\":\"at\",\"queue\":\"{system.Queue}\",\"runAt\":\"{at.ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", CultureInfo.InvariantCulture)}\"}}");
        var past = await user.SubmitJsonAsync($"{{\"type\":\"reverse_string\",\"payload\":\"now\",\"queue\":\"{system.Queue}\",\"runAt\":\"2020-01-01T00:00:00Z\"}}");

        later.Status.ShouldBe(JobStatus.Scheduled);
        later.RunAt.ShouldNotBeNull().ShouldBe(at.UtcDateTime, TimeSpan.FromMilliseconds(1));
        past.Status.ShouldBe(JobStatus.Queued);
        past.RunAt.ShouldBeNull();
        var done = await user.WaitForStatusAsync(later.Id, JobStatus.Succeeded, TimeSpan.FromSeconds(30));
        AssertReleasedOnTime(done, at.UtcDateTime, ReleasedWithin);
        await user.WaitForStatusAsync(past.Id, JobStatus.Succeeded);
    }

    [Fact]
    public async Task ScheduledJob_Cancelled_IsCancelledAtOnce_AndNeverRuns()
    {
        using var user = await system.NewUserAsync();
        var job = await user.SubmitJsonAsync($"{{\"type\":\"reverse_string\",\"payload\":\"never\",\"queue\":\"{system.Queue}\",\"delaySeconds\":2}}");

        var response = await user.CancelAsync(job.Id);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var cancelled = await user.GetAsync(job.Id);
        cancelled.Status.ShouldBe(JobStatus.Cancelled);
        cancelled.Timeline![^1].Note.ShouldBe("cancelled before it was due");
        // A job due at the same moment, submitted after it, runs: the scheduler has gone past the cancelled one's time.
        var companion = await user.SubmitJsonAsync($"{{\"type\":\"reverse_string\",\"payload\":\"due\",\"queue\":\"{system.Queue}\",\"delaySeconds\":2}}");
        await user.WaitForStatusAsync(companion.Id, JobStatus.Succeeded, TimeSpan.FromSeconds(30));
        var after = await user.GetAsync(job.Id);
        after.Status.ShouldBe(JobStatus.Cancelled);
        after.Timeline!.ShouldNotContain(t => t.Status == JobStatus.Queued || t.Status == JobStatus.Running);
    }

    [Fact]
    public async Task ScheduledJobs_ThroughADashboardRestart_AreKept_AndRunOnceEachWhenDue()
    {
        using var user = await system.NewUserAsync();
        var body = string.Join(",", Enumerable.Range(0, 20).Select(i =>
            $"{{\"type\":\"reverse_string\",\"payload\":\"r{i}\",\"queue\":\"{system.Queue}\",\"delaySeconds\":{4 + i % 4}}}"));
        var response = await user.PostJsonAsync("/api/jobs/batch", $"{{\"jobs\":[{body}]}}");
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var jobs = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("jobs").EnumerateArray()
            .Select(j => (Id: j.GetProperty("id").GetGuid(), RunAt: j.GetProperty("runAt").GetDateTime().ToUniversalTime())).ToList();
        // A day away: it is kept as it is, and does not run in this test.
        var tomorrow = await user.SubmitJsonAsync($"{{\"type\":\"reverse_string\",\"payload\":\"tomorrow\",\"queue\":\"{system.Queue}\",\"delaySeconds\":86400}}");

        await system.RestartDashboardAsync();

        using var again = await system.SignInAsync(user.Email, user.Password);
        foreach (var (id, runAt) in jobs)
        {
            var done = await again.WaitForStatusAsync(id, JobStatus.Succeeded, TimeSpan.FromSeconds(60));
            // A killed dashboard's lease must expire before the restarted one runs the scheduler (Leases:Duration, 10 s).
            AssertReleasedOnTime(done, runAt, TimeSpan.FromSeconds(15));
        }
        (await SystemRuns.CountCompletedTwiceAsync(again, jobs.Select(j => j.Id))).ShouldBe(0);
        var kept = await again.GetAsync(tomorrow.Id);
        kept.Status.ShouldBe(JobStatus.Scheduled);
        kept.RunAt.ShouldBe(tomorrow.RunAt);
        (await again.CancelAsync(tomorrow.Id)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
    }

    /// <summary>Released (its Queued entry, "due") and started no sooner than its time, released within <paramref name="within"/> of it.</summary>
    private static void AssertReleasedOnTime(JobDto job, DateTime runAt, TimeSpan within)
    {
        var released = job.Timeline!.Single(t => t.Status == JobStatus.Queued);
        released.Note.ShouldBe("due");
        released.At.ShouldBeGreaterThanOrEqualTo(runAt, $"job {job.Id} was released before its time");
        (released.At - runAt).ShouldBeLessThan(within, $"job {job.Id} was released {(released.At - runAt).TotalMilliseconds:0} ms after its time");
        job.StartedAt.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(runAt);
        job.Timeline!.Count(t => t.Status == JobStatus.Running).ShouldBe(1);
    }
}
