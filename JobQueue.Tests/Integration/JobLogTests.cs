using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using JobQueue.Dashboard.JobLogs;
using JobQueue.Shared.Contracts;
using JobQueue.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace JobQueue.Tests.Integration;

/// <summary>
/// Each job's own log: a handler's lines travel packed with the job's events, are stored (the newest
/// <c>JobLogs:MaxLinesPerJob</c> of each job), served by <c>GET /api/jobs/{id}/logs</c> and pushed by the hub as they are written.
/// </summary>
[Collection(SystemTests.Name)]
public class JobLogTests(JobQueueSystem system)
{
    [Fact]
    public async Task SleepJob_LogsEachStep_InOrder_ThroughTheHubAsItRuns_AndThroughTheApi()
    {
        using var user = await system.NewUserAsync();
        var clock = Stopwatch.StartNew();
        await using var hub = await HubListener.ConnectAsync(system.DashboardUrl, user.AccessToken, clock);
        var job = await user.SubmitJsonAsync($$"""{"type":"sleep","payload":{"seconds":3,"steps":3},"queue":"{{system.Queue}}"}""");

        // Pushed while it runs: the first step's line arrives before the job has finished.
        await Eventually.ReadAsync(() => Task.FromResult(hub.Lines.Count(l => l.JobId == job.Id)), n => n >= 2, "the first step's line pushed by the hub");
        (await user.GetAsync(job.Id)).Status.ShouldNotBe(JobStatus.Succeeded, "the line should arrive while the job runs");

        await user.WaitForStatusAsync(job.Id, JobStatus.Succeeded);
        string[] expected = ["sleeping 3 s in 3 step(s) of 1 s", "step 1 of 3 done", "step 2 of 3 done", "step 3 of 3 done"];
        await Eventually.ReadAsync(() => Task.FromResult(hub.Lines.Where(l => l.JobId == job.Id).Select(l => l.Message).ToList()),
            lines => lines.SequenceEqual(expected), "every line pushed, in order");
        hub.Lines.Where(l => l.JobId == job.Id).ShouldAllBe(l => l.Level == LogLevel.Information && l.Attempt == 1 && l.WorkerId != null);

        var log = await Eventually.ReadAsync(() => ReadLogAsync(user, job.Id), l => l.Lines.Count == expected.Length, "the four lines stored");
        log.Lines.Select(l => l.Message).ShouldBe(expected);
        log.Lines.Select(l => l.Number).ShouldBe([1L, 2, 3, 4]);
        log.EarlierDropped.ShouldBeFalse();
        log.Lines.Select(l => l.At).ShouldBeInOrder();

        // Reading on from the last line gives nothing new; another user cannot read it at all.
        (await ReadLogAsync(user, job.Id, $"?after={log.Next}")).Lines.ShouldBeEmpty();
        using var other = await system.NewUserAsync();
        (await other.Http.GetAsync(new Uri($"/api/jobs/{job.Id}/logs", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var admin = await system.SignInAsAdminAsync();
        (await ReadLogAsync(admin, job.Id)).Lines.Count.ShouldBe(expected.Length);
    }

    [Fact]
    public async Task JobWritingAHundredThousandLines_KeepsOnlyTheNewestLines_AndTheSystemStaysResponsive()
    {
        using var user = await system.NewUserAsync();
        var flood = await user.SubmitJsonAsync($$"""{"type":"sleep","payload":{"seconds":0.5,"steps":1,"logBurst":100000},"queue":"{{system.Queue}}"}""");
        // Meanwhile the API answers and other jobs run.
        var list = Stopwatch.StartNew();
        (await user.ListAsync("?pageSize=5")).Total.ShouldBeGreaterThan(0);
        list.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10), "the API should answer while a job floods its log");
        var small = await user.SubmitAsync("reverse_string", "\"beside\"", system.Queue);
        await user.WaitForStatusAsync(small.Id, JobStatus.Succeeded);
        await user.WaitForStatusAsync(flood.Id, JobStatus.Succeeded, TimeSpan.FromSeconds(60));

        var log = await Eventually.ReadAsync(() => ReadLogAsync(user, flood.Id),
            l => l.Lines.Count > 0 && l.Lines[^1].Message == "step 1 of 1 done", "the flood's last line stored");
        log.Lines.Count.ShouldBeLessThanOrEqualTo(1000, "JobLogs:MaxLinesPerJob (1000) bounds what is kept");
        log.EarlierDropped.ShouldBeTrue();
        log.Lines.Select(l => l.Number).ShouldBeInOrder(SortDirection.Ascending);
        log.Lines[^1].Number.ShouldBe(100_002L, "each line is numbered, dropped ones included: the burst, the start line and the step");
    }

    [Fact]
    public async Task Logs_BadQueries_Answer400WithTheReason()
    {
        using var user = await system.NewUserAsync();
        var job = await user.SubmitAsync("reverse_string", "\"x\"", system.Queue);
        foreach (var (query, field) in new[] { ("?take=0", "take"), ("?take=abc", "take"), ("?after=-1", "after"), ("?take=100000", "take") })
        {
            using var response = await user.Http.GetAsync(new Uri($"/api/jobs/{job.Id}/logs{query}", UriKind.Relative));
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, query);
            (await response.Content.ReadAsStringAsync()).ShouldContain($"\"{field}\"", customMessage: query);
        }
        (await user.Http.GetAsync(new Uri("/api/jobs/not-a-guid/logs", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    private static async Task<JobLogDto> ReadLogAsync(ApiClient api, Guid id, string query = "")
    {
        using var response = await api.Http.GetAsync(new Uri($"/api/jobs/{id}/logs{query}", UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JobLogDto>(ApiClient.Json))!;
    }
}
