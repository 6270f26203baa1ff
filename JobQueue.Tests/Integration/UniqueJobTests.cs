using System.Net;
using System.Text.Json;
using JobQueue.Shared.Contracts;
using JobQueue.Tests.Infrastructure;

namespace JobQueue.Tests.Integration;

/// <summary>A <c>uniqueKey</c> is taken while its owner's job with it has not finished: a second submit gets 409 naming that job.</summary>
[Collection(SystemTests.Name)]
public class UniqueJobTests(JobQueueSystem system)
{
    [Fact]
    public async Task UniqueKey_WhileItsJobRuns_Answers409WithThatJob_ThenIsFreeOnceItFinished()
    {
        using var user = await system.NewUserAsync();
        using var other = await system.NewUserAsync();
        string Body(string payload) =>
            $"{{\"type\":\"sleep\",\"payload\":{payload},\"queue\":\"{system.Queue}\",\"uniqueKey\":\"nightly-report\"}}";
        var first = await user.SubmitJsonAsync(Body("{\"seconds\": 1.5, \"steps\": 1}"));
        first.UniqueKey.ShouldBe("nightly-report");

        var refused = await user.PostJsonAsync("/api/jobs", Body("{\"seconds\": 0.1, \"steps\": 1}"));
        var batchRefused = await user.PostJsonAsync("/api/jobs/batch", $"{{\"jobs\":[{Body("{\"seconds\": 0.1, \"steps\": 1}")}]}}");
        // Keys are per owner: another user's job may have the same one.
        var othersJob = await other.SubmitJsonAsync(Body("{\"seconds\": 0.1, \"steps\": 1}"));

        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("jobId").GetGuid().ShouldBe(first.Id);
        problem.GetProperty("detail").GetString()!.ShouldContain("nightly-report");
        batchRefused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        othersJob.Status.ShouldBeOneOf(JobStatus.Queued, JobStatus.Running);
        (await user.ListAsync($"?queue={system.Queue}&pageSize=500")).Items.Count(j => j.UniqueKey == "nightly-report").ShouldBe(1);

        await user.WaitForStatusAsync(first.Id, JobStatus.Succeeded, TimeSpan.FromSeconds(30));
        var next = await user.SubmitJsonAsync(Body("{\"seconds\": 0.1, \"steps\": 1}"));
        next.Id.ShouldNotBe(first.Id);
        await user.WaitForStatusAsync(next.Id, JobStatus.Succeeded);
    }

    [Fact]
    public async Task UniqueKey_OfAScheduledJob_IsTakenUntilItIsCancelled()
    {
        using var user = await system.NewUserAsync();
        var body = $"{{\"type\":\"reverse_string\",\"payload\":\"x\",\"queue\":\"{system.Queue}\",\"uniqueKey\":\"later\",\"delaySeconds\":3600}}";
        var scheduled = await user.SubmitJsonAsync(body);

        (await user.PostJsonAsync("/api/jobs", body)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await user.CancelAsync(scheduled.Id)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        var again = await user.SubmitJsonAsync(body);
        again.Status.ShouldBe(JobStatus.Scheduled);
        (await user.CancelAsync(again.Id)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task UniqueKey_TwoSubmitsAtOnce_OneIsStored_TheOtherAnswers409()
    {
        using var user = await system.NewUserAsync();
        var body = $"{{\"type\":\"reverse_string\",\"payload\":\"race\",\"queue\":\"{system.Queue}\",\"uniqueKey\":\"race\",\"delaySeconds\":3600}}";

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => user.PostJsonAsync("/api/jobs", body)));

        answers.Count(a => a.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        answers.Count(a => a.StatusCode == HttpStatusCode.Conflict).ShouldBe(7);
        var stored = (await user.ListAsync($"?queue={system.Queue}&status=Scheduled&pageSize=500")).Items.Where(j => j.UniqueKey == "race").ToList();
        stored.ShouldHaveSingleItem();
        await user.CancelAsync(stored[0].Id);
    }
}
