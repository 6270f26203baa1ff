using System.Net;
using System.Net.Http.Json;
using JobQueue.Dashboard.Jobs;
using JobQueue.Shared.Contracts;
using JobQueue.Tests.Infrastructure;

namespace JobQueue.Tests.Integration;

/// <summary><c>GET /api/jobs/counts</c>: what the overview counts, for scripts.</summary>
[Collection(SystemTests.Name)]
public class JobCountsApiTests(JobQueueSystem system)
{
    private static async Task<JobCounts> CountsAsync(ApiClient api) =>
        (await api.Http.GetFromJsonAsync<JobCounts>("/api/jobs/counts", ApiClient.Json))!;

    [Fact]
    public async Task Counts_AUserGetsEveryStatusCountedOverTheirOwnJobs_AnAdminOverEveryones()
    {
        using var user = await system.NewUserAsync();
        using var other = await system.NewUserAsync();
        var idle = await system.NewQueueAsync("counts");
        (await CountsAsync(user)).Total.ShouldBe(0);

        await user.SubmitAsync("reverse_string", "\"a\"", idle);
        await user.SubmitAsync("reverse_string", "\"b\"", idle);
        var done = await user.SubmitAsync("reverse_string", "\"c\"", system.Queue);
        await user.WaitForStatusAsync(done.Id, JobStatus.Succeeded);
        await other.SubmitAsync("reverse_string", "\"d\"", idle);

        var counts = await CountsAsync(user);
        counts.ByStatus.Keys.ShouldBe(Enum.GetValues<JobStatus>(), ignoreOrder: true);
        counts[JobStatus.Queued].ShouldBe(2);
        counts[JobStatus.Succeeded].ShouldBe(1);
        counts.Total.ShouldBe(3);

        using var admin = await system.SignInAsAdminAsync();
        (await CountsAsync(admin))[JobStatus.Queued].ShouldBeGreaterThanOrEqualTo(3);

        using var anonymous = new HttpClient { BaseAddress = system.DashboardUrl };
        (await anonymous.GetAsync(new Uri("/api/jobs/counts", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
