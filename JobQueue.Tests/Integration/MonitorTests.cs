using System.Net;
using System.Net.Http.Json;
using JobQueue.Dashboard.Monitor;
using JobQueue.Shared.Contracts;
using JobQueue.Tests.Infrastructure;

namespace JobQueue.Tests.Integration;

[Collection(SystemTests.Name)]
public class MonitorTests(JobQueueSystem system)
{
    [Fact]
    public async Task Monitor_CountsFinishedJobs_MeasuresWaitAndRunTime_AndListsTheLatestFailure()
    {
        using var user = await system.NewUserAsync();
        var before = (await user.Http.GetFromJsonAsync<MonitorSnapshot>("/api/monitor", ApiClient.Json))!;
        var succeeded = new List<Guid>();
        for (var i = 0; i < 3; i++)
            succeeded.Add((await user.SubmitAsync("reverse_string", "\"monitor\"", system.Queue)).Id);
        var failing = await user.SubmitAsync("sleep", "{\"seconds\": 0.05, \"steps\": 1, \"fail\": true}", system.Queue, maxAttempts: 1);
        foreach (var id in succeeded)
            await user.WaitForStatusAsync(id, JobStatus.Succeeded);
        await user.WaitForStatusAsync(failing.Id, JobStatus.Failed);

        var after = await Eventually.ReadAsync(() => user.Http.GetFromJsonAsync<MonitorSnapshot>("/api/monitor", ApiClient.Json),
            s => s!.LatestFailures.Any(f => f.JobId == failing.Id), "the failure on the monitor");
        after!.SucceededLastMinute.ShouldBeGreaterThanOrEqualTo(3);
        after.FailedLastMinute.ShouldBeGreaterThanOrEqualTo(1);
        after.Throughput.Sum(p => p.Succeeded).ShouldBeGreaterThanOrEqualTo(before.Throughput.Sum(p => p.Succeeded) + 3);
        after.QueueWait.Count.ShouldBeGreaterThanOrEqualTo(before.QueueWait.Count + 4);
        after.RunTime.P95Ms.ShouldNotBeNull();
        after.RunTime.P50Ms!.Value.ShouldBeLessThanOrEqualTo(after.RunTime.P95Ms.Value);
        after.WorkersOnline.ShouldBeGreaterThanOrEqualTo(2);
        after.Queues.ShouldNotBeNull();
        after.StaleSince.ShouldBeNull();
        var failure = after.LatestFailures.First(f => f.JobId == failing.Id);
        failure.Error!.ShouldContain("failed on request");
        failure.Queue.ShouldBe(system.Queue);
    }

    [Fact]
    public async Task MonitorApi_GivesAUserTheErrorTextsOfTheirOwnFailures_OthersWithoutIdOrText_AndAnAdminAll()
    {
        using var owner = await system.NewUserAsync();
        using var stranger = await system.NewUserAsync();
        using var admin = await system.SignInAsAdminAsync();
        var failing = await owner.SubmitAsync("sleep", "{\"seconds\": 0.05, \"steps\": 1, \"fail\": true}", system.Queue, maxAttempts: 1);
        await owner.WaitForStatusAsync(failing.Id, JobStatus.Failed);

        var seenByOwner = await Eventually.ReadAsync(() => owner.Http.GetFromJsonAsync<MonitorSnapshot>("/api/monitor", ApiClient.Json),
            s => s!.LatestFailures.Any(f => f.JobId == failing.Id), "the failure on the owner's monitor");
        seenByOwner!.LatestFailures.Single(f => f.JobId == failing.Id).Error.ShouldNotBeNull().ShouldContain("failed on request");

        var seenByStranger = (await stranger.Http.GetFromJsonAsync<MonitorSnapshot>("/api/monitor", ApiClient.Json))!;
        seenByStranger.LatestFailures.ShouldNotContain(f => f.JobId == failing.Id);
        seenByStranger.LatestFailures.ShouldAllBe(f => f.Error == null, "a user reads the error text of another user's job");
        seenByStranger.LatestFailures.ShouldContain(f => f.JobId == null && f.Type == "sleep");
        seenByStranger.LatestFailures.ShouldAllBe(f => f.OwnerId == null);

        var seenByAdmin = (await admin.Http.GetFromJsonAsync<MonitorSnapshot>("/api/monitor", ApiClient.Json))!;
        seenByAdmin.LatestFailures.Single(f => f.JobId == failing.Id).Error.ShouldNotBeNull().ShouldContain("failed on request");
    }

    [Fact]
    public async Task WallKeys_AdminsCreateAndRevoke_TheWallOpensOnlyWithAValidKey()
    {
        using var admin = await system.SignInAsAdminAsync();
        using var user = await system.NewUserAsync();
        using var anonymous = new HttpClient { BaseAddress = system.DashboardUrl };

        (await user.PostJsonAsync("/api/wall-keys", "{\"name\":\"user's wall\"}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await anonymous.PostAsync(new Uri("/api/wall-keys", UriKind.Relative), JsonContent.Create(new { name = "x" }))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var blank = await admin.PostJsonAsync("/api/wall-keys", "{\"name\":\"  \"}");
        blank.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await blank.Content.ReadAsStringAsync()).ShouldContain("Give the key a name");
        (await admin.PostJsonAsync("/api/wall-keys", $"{{\"name\":\"{new string('x', 101)}\"}}")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var created = await admin.PostJsonAsync("/api/wall-keys", "{\"name\":\"Ops room\"}");
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var key = (await created.Content.ReadFromJsonAsync<CreatedWallKey>(ApiClient.Json))!;
        key.WallPath.ShouldBe($"/wall?key={key.Key}");
        (await admin.Http.GetFromJsonAsync<List<WallKeyDto>>("/api/wall-keys", ApiClient.Json))!.ShouldContain(k => k.Id == key.WallKey.Id && k.RevokedAt == null);

        var wall = await anonymous.GetStringAsync(new Uri(key.WallPath, UriKind.Relative));
        wall.ShouldContain("monitor-workers-online");
        (await anonymous.GetStringAsync(new Uri("/wall?key=wrong", UriKind.Relative))).ShouldContain("wall-denied");
        (await anonymous.GetStringAsync(new Uri("/wall", UriKind.Relative))).ShouldContain("wall-denied");

        (await admin.Http.DeleteAsync(new Uri($"/api/wall-keys/{key.WallKey.Id}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var revoked = await anonymous.GetStringAsync(new Uri(key.WallPath, UriKind.Relative));
        revoked.ShouldContain("wall-denied");
        revoked.ShouldNotContain("monitor-workers-online");
        (await admin.Http.DeleteAsync(new Uri($"/api/wall-keys/{Guid.NewGuid()}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
