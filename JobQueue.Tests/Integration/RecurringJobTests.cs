using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JobQueue.Dashboard.Recurring;
using JobQueue.Shared.Contracts;
using JobQueue.Tests.Infrastructure;

namespace JobQueue.Tests.Integration;

/// <summary>
/// Recurring jobs on the standing system: each occurrence fires once, pause stops it and resume restarts it, the
/// overlap policy holds with a slow job, the missed policy after downtime, and one user's recurring jobs are not
/// another's. (Two dashboards and a killed one: <see cref="SeveralDashboardsTests"/>.)
/// </summary>
[Collection(SystemTests.Name)]
public class RecurringJobTests(JobQueueSystem system)
{
    [Fact]
    public async Task EveryTwoSeconds_FiresEachOccurrenceOnce_PauseStopsIt_ResumeStartsItAgain()
    {
        using var user = await system.NewUserAsync();
        var created = await CreateAsync(user, "every-two", "*/2 * * * * *", "{\"type\":\"reverse_string\",\"payload\":\"tick\"}");
        created.Next.Count.ShouldBe(5);
        created.Next.Zip(created.Next.Skip(1), (a, b) => b - a).ShouldAllBe(gap => gap == TimeSpan.FromSeconds(2));
        created.Job.Queue.ShouldBe(system.Queue);

        var running = await Eventually.ReadAsync(() => GetAsync(user, created.Id), r => r.History!.Count >= 3, "three runs", TimeSpan.FromSeconds(20));
        AssertOncePerOccurrence(running);
        running.History!.ShouldAllBe(run => run.Occurrence!.Value.Second % 2 == 0);

        (await user.PostJsonAsync($"/api/recurring/{created.Id}/pause", "")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var paused = await GetAsync(user, created.Id);
        paused.Paused.ShouldBeTrue();
        paused.Next.ShouldBeEmpty();
        // The scheduler goes on past two of its occurrences: a clock that fires every second runs three times meanwhile.
        var clock = await CreateAsync(user, "clock", "* * * * * *", "{\"type\":\"reverse_string\",\"payload\":\"clock\"}");
        await Eventually.ReadAsync(() => GetAsync(user, clock.Id), r => r.History!.Count >= 3, "three ticks of the clock after the pause", TimeSpan.FromSeconds(20));
        await user.Http.DeleteAsync($"/api/recurring/{clock.Id}");
        var stillPaused = await GetAsync(user, created.Id);
        stillPaused.History!.Count.ShouldBe(paused.History!.Count, "a paused recurring job fired");

        (await user.PostJsonAsync($"/api/recurring/{created.Id}/resume", "")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var resumed = await Eventually.ReadAsync(() => GetAsync(user, created.Id), r => r.History!.Count >= stillPaused.History!.Count + 2,
            "runs after resume", TimeSpan.FromSeconds(20));
        AssertOncePerOccurrence(resumed);
        resumed.SkippedCount.ShouldBe(0, "occurrences while paused are not missed");
        await user.Http.DeleteAsync($"/api/recurring/{created.Id}");
    }

    [Fact]
    public async Task RunNow_SubmitsARunAtOnce_WithoutAnOccurrence_AndTheScheduleGoesOn()
    {
        using var user = await system.NewUserAsync();
        var created = await CreateAsync(user, "yearly", "0 0 1 1 *", "{\"type\":\"reverse_string\",\"payload\":\"now\"}");

        var response = await user.PostJsonAsync($"/api/recurring/{created.Id}/run", "");

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var jobId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
        (await user.WaitForStatusAsync(jobId, JobStatus.Succeeded)).Result.ShouldBe("won");
        var after = await GetAsync(user, created.Id);
        after.LastJobId.ShouldBe(jobId);
        after.History!.ShouldHaveSingleItem().Occurrence.ShouldBeNull();
        after.NextRunAt.ShouldBe(created.NextRunAt);
    }

    [Fact]
    public async Task OverlapSkip_WithASlowJob_NeverRunsTwoAtOnce_AndCountsTheSkips_WhileAllowOverlaps()
    {
        using var user = await system.NewUserAsync();
        const string slow = "{\"type\":\"sleep\",\"payload\":{\"seconds\":2.5,\"steps\":1}}";
        var skip = await CreateAsync(user, "slow-skip", "* * * * * *", slow, overlap: "skip");
        var allow = await CreateAsync(user, "slow-allow", "* * * * * *", slow, overlap: "allow");

        // Until the skip policy has skipped a few seconds (each run takes 2.5 s) and the overlapping ones have outrun it.
        await Eventually.ReadAsync(async () => (Skip: await GetAsync(user, skip.Id), Allow: await GetAsync(user, allow.Id)),
            both => both.Skip.SkippedCount > 2 && both.Skip.History!.Count >= 2 && both.Allow.History!.Count > both.Skip.History!.Count,
            "skipped occurrences, and more runs allowed to overlap than skipped", TimeSpan.FromSeconds(30));
        await user.PostJsonAsync($"/api/recurring/{skip.Id}/pause", "");
        await user.PostJsonAsync($"/api/recurring/{allow.Id}/pause", "");

        var skipped = await GetAsync(user, skip.Id);
        var allowed = await GetAsync(user, allow.Id);
        skipped.SkippedCount.ShouldBeGreaterThan(2);
        skipped.LastSkipReason!.ShouldContain("had not finished");
        allowed.SkippedCount.ShouldBe(0);
        allowed.History!.Count.ShouldBeGreaterThan(skipped.History!.Count);
        // Skip: each run was submitted only after the previous one had finished.
        var runs = skipped.History!.OrderBy(r => r.CreatedAt).ToList();
        for (var i = 1; i < runs.Count; i++)
            runs[i].CreatedAt.ShouldBeGreaterThanOrEqualTo(runs[i - 1].FinishedAt ?? DateTime.MaxValue, $"run {i} overlapped run {i - 1}");
        foreach (var id in new[] { skip.Id, allow.Id })
            await user.Http.DeleteAsync($"/api/recurring/{id}");
    }

    [Fact]
    public async Task AfterDowntime_MissedOccurrencesRunOnceOrAreSkipped_BySetting()
    {
        using var user = await system.NewUserAsync();
        const string job = "{\"type\":\"reverse_string\",\"payload\":\"m\"}";
        // Overlapping runs allowed: on a busy machine a run can outlast its second, and an overlap skip would then stand
        // in the skip reason where this test reads the missed policy's (a CI run read "the previous run ... was skipped").
        var runOnce = await CreateAsync(user, "missed-once", "* * * * * *", job, overlap: "allow", missed: "runOnce");
        var skip = await CreateAsync(user, "missed-skip", "* * * * * *", job, overlap: "allow", missed: "skip");
        await Eventually.ReadAsync(() => GetAsync(user, skip.Id), r => r.History!.Count >= 2, "runs before the downtime", TimeSpan.FromSeconds(20));

        // Down for the restart and the killed instance's lease (about 10 s): far past the tests' 3 s catch-up window.
        await system.RestartDashboardAsync();
        using var again = await system.SignInAsync(user.Email, user.Password);
        var onceAfter = await Eventually.ReadAsync(() => GetAsync(again, runOnce.Id), r => r.SkippedCount > 0 && r.History!.Count >= 4,
            "the missed policy applied", TimeSpan.FromSeconds(40));
        var skipAfter = await Eventually.ReadAsync(() => GetAsync(again, skip.Id), r => r.SkippedCount > 0, "the missed policy applied", TimeSpan.FromSeconds(10));
        await again.PostJsonAsync($"/api/recurring/{runOnce.Id}/pause", "");
        await again.PostJsonAsync($"/api/recurring/{skip.Id}/pause", "");
        var once = await GetAsync(again, runOnce.Id);
        var skipped = await GetAsync(again, skip.Id);

        // Both missed the same seconds; run once fired one of them (counted one fewer), skip fired none.
        once.LastSkipReason!.ShouldContain("missed");
        skipped.LastSkipReason!.ShouldContain("missed");
        skipped.SkippedCount.ShouldBeGreaterThanOrEqualTo(5);
        AssertOncePerOccurrence(once);
        AssertOncePerOccurrence(skipped);
        // The run that stood for the missed ones is the one made more than a second after its occurrence.
        once.History!.Count(r => r.CreatedAt - r.Occurrence!.Value > TimeSpan.FromSeconds(1)).ShouldBeLessThanOrEqualTo(1);
        skipped.History!.Count(r => r.CreatedAt - r.Occurrence!.Value > TimeSpan.FromSeconds(1)).ShouldBe(0);
        (skipped.SkippedCount - once.SkippedCount).ShouldBeInRange(0, 2, "run once counts one missed occurrence fewer (give or take the second the two were read apart)");
    }

    [Fact]
    public async Task ItsQueueDeleted_TheRunsAreSkippedWithTheReason_NotQueuedForNobody()
    {
        using var admin = await system.SignInAsAdminAsync();
        var queue = await system.NewQueueAsync("recurring-gone");
        var response = await admin.PostJsonAsync("/api/recurring",
            $"{{\"name\":\"orphan\",\"cron\":\"* * * * * *\",\"job\":{{\"type\":\"reverse_string\",\"payload\":\"o\",\"queue\":\"{queue}\"}},\"overlap\":\"allow\"}}");
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var id = (await response.Content.ReadFromJsonAsync<RecurringJobDto>(ApiClient.Json))!.Id;
        await Eventually.ReadAsync(() => GetAsync(admin, id), r => r.History!.Count > 0, "a first run", TimeSpan.FromSeconds(10));

        (await admin.Http.DeleteAsync($"/api/queues/{queue}?purge=true")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var runsAtDelete = (await GetAsync(admin, id)).History!.Count;

        var skipping = await Eventually.ReadAsync(() => GetAsync(admin, id), r => r.SkippedCount >= 2, "skipped runs", TimeSpan.FromSeconds(10));
        skipping.LastSkipReason!.ShouldContain($"its queue '{queue}' does not exist any more");
        skipping.History!.Count.ShouldBeLessThanOrEqualTo(runsAtDelete + 1, "runs were made for a queue that is gone");
        await admin.Http.DeleteAsync($"/api/recurring/{id}");
    }

    [Fact]
    public async Task AnotherUsersRecurringJob_CannotBeSeenOrChanged_ButAnAdminSeesIt()
    {
        using var owner = await system.NewUserAsync();
        using var other = await system.NewUserAsync();
        using var admin = await system.SignInAsAdminAsync();
        var created = await CreateAsync(owner, "private", "0 0 1 1 *", "{\"type\":\"reverse_string\",\"payload\":\"p\"}");

        (await other.Http.GetAsync($"/api/recurring/{created.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.PostJsonAsync($"/api/recurring/{created.Id}/pause", "")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.PostJsonAsync($"/api/recurring/{created.Id}/run", "")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.Http.DeleteAsync($"/api/recurring/{created.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await ListAsync(other)).ShouldNotContain(r => r.Id == created.Id);
        (await ListAsync(admin)).ShouldContain(r => r.Id == created.Id && r.Owner == owner.Email);
        (await GetAsync(owner, created.Id)).Paused.ShouldBeFalse("another user's pause changed nothing");
        (await admin.Http.DeleteAsync($"/api/recurring/{created.Id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Theory]
    [InlineData("{\"name\":\"x\",\"cron\":\"* * *\",\"job\":{\"type\":\"reverse_string\",\"payload\":\"x\"}}", "cron")]
    [InlineData("{\"name\":\"x\",\"cron\":\"* * * * *\",\"timeZone\":\"Mars/Olympus\",\"job\":{\"type\":\"reverse_string\",\"payload\":\"x\"}}", "timeZone")]
    [InlineData("{\"name\":\"x\",\"cron\":\"* * * * *\",\"job\":{\"type\":\"nope\",\"payload\":\"x\"}}", "job.type")]
    [InlineData("{\"name\":\"x\",\"cron\":\"* * * * *\",\"job\":{\"type\":\"fibonacci_calc\",\"payload\":-1}}", "job.payload")]
    [InlineData("{\"name\":\"x\",\"cron\":\"* * * * *\",\"job\":{\"type\":\"reverse_string\",\"payload\":\"x\",\"queue\":\"no-such\"}}", "job.queue")]
    [InlineData("{\"name\":\"x\",\"cron\":\"* * * * *\",\"overlap\":\"sometimes\",\"job\":{\"type\":\"reverse_string\",\"payload\":\"x\"}}", "overlap")]
    [InlineData("{\"name\":\"\",\"cron\":\"* * * * *\",\"job\":{\"type\":\"reverse_string\",\"payload\":\"x\"}}", "name")]
    [InlineData("{\"name\":\"x\",\"cron\":\"* * * * *\"}", "job")]
    public async Task Create_WithABadField_Answers400NamingIt_AndStoresNothing(string body, string field)
    {
        using var user = await system.NewUserAsync();

        var response = await user.PostJsonAsync("/api/recurring", body);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty(field, out _)
            .ShouldBeTrue(await response.Content.ReadAsStringAsync());
        (await ListAsync(user)).ShouldBeEmpty();
    }

    private async Task<RecurringJobDto> CreateAsync(ApiClient user, string name, string cron, string job, string? overlap = null, string? missed = null)
    {
        var template = JsonDocument.Parse(job).RootElement;
        var body = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["name"] = name,
            ["cron"] = cron,
            ["job"] = new Dictionary<string, object?> { ["type"] = template.GetProperty("type").GetString(), ["payload"] = template.GetProperty("payload"), ["queue"] = system.Queue },
            ["overlap"] = overlap,
            ["missed"] = missed,
        });
        var response = await user.PostJsonAsync("/api/recurring", body);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<RecurringJobDto>(ApiClient.Json))!;
    }

    public static async Task<RecurringJobDto> GetAsync(ApiClient user, Guid id) =>
        (await user.Http.GetFromJsonAsync<RecurringJobDto>($"/api/recurring/{id}", ApiClient.Json))!;

    private static async Task<List<RecurringJobDto>> ListAsync(ApiClient user) =>
        (await user.Http.GetFromJsonAsync<List<RecurringJobDto>>("/api/recurring", ApiClient.Json))!;

    private static void AssertOncePerOccurrence(RecurringJobDto recurring) =>
        recurring.History!.Where(r => r.Occurrence is not null).GroupBy(r => r.Occurrence).ShouldAllBe(g => g.Count() == 1);
}
