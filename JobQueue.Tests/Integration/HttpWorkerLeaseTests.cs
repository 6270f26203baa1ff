using System.Net;
using JobQueue.Shared.Contracts;
using JobQueue.Tests.Infrastructure;

namespace JobQueue.Tests.Integration;

/// <summary>
/// Leases outlive the dashboard that granted them: two dashboards on one PostgreSQL database; a worker fetches on A
/// and acks on B; A is killed while it holds another lease, and that job is handed out again after its lease and
/// finishes once. In the fault-injection collection (it kills a dashboard).
/// </summary>
[Collection(FaultInjection.Name)]
public class HttpWorkerLeaseTests
{
    [Fact]
    public async Task Lease_FetchedOnOneDashboard_IsAckedOnTheOther_AndSurvivesTheDeathOfTheOneThatGrantedIt()
    {
        await using var system = new JobQueueSystem
        {
            Database = TestDatabase.Postgres,
            Dashboards = 2,
            DashboardSettings = new Dictionary<string, string>
            {
                ["Leases__Duration"] = "00:00:04",
                ["Leases__RenewInterval"] = "00:00:01",
            },
        };
        await system.InitializeAsync();
        var queue = await system.NewQueueAsync("http-two");
        using var admin = await system.SignInAsAdminAsync();
        var key = await HttpWorkerClient.CreateKeyAsync(admin, "two dashboards");
        using var user = await system.NewUserAsync();
        using var onA = new HttpWorkerClient(system.DashboardUrls[0], key, $"two-{Guid.NewGuid():N}"[..12]);
        using var onB = new HttpWorkerClient(system.DashboardUrls[1], key, onA.WorkerId);

        var first = await user.SubmitAsync("reverse_string", "\"one\"", queue);
        var fetched = await onA.FetchJobAsync(queue, TimeSpan.FromSeconds(30));
        fetched.JobId.ShouldBe(first.Id);
        (await onB.FetchAsync(queue)).Job!.JobId.ShouldBe(first.Id, "the other dashboard knows the lease");
        var (status, body) = await onB.AckAsync(first.Id, result: "eno");
        status.ShouldBe(HttpStatusCode.OK, body);
        (await user.WaitForStatusAsync(first.Id, JobStatus.Succeeded)).Result.ShouldBe("eno");

        // A dies holding a lease of 5 s; the job is handed out again (on B) once it expires, and finishes once.
        var second = await user.SubmitAsync("reverse_string", "\"two\"", queue, maxAttempts: 3);
        (await onA.FetchJobAsync(queue, TimeSpan.FromSeconds(30), timeToRecoverSeconds: 5)).JobId.ShouldBe(second.Id);
        await system.KillDashboardAsync(0);
        using var other = new HttpWorkerClient(system.DashboardUrls[1], key, $"oth-{Guid.NewGuid():N}"[..12]);
        var again = await other.FetchJobAsync(queue, TimeSpan.FromSeconds(60));
        again.JobId.ShouldBe(second.Id);
        again.Attempt.ShouldBe(2);
        (await other.AckAsync(second.Id, result: "owt")).Status.ShouldBe(HttpStatusCode.OK);
        using var userOnB = user.On(system.DashboardUrls[1]);
        var done = await userOnB.WaitForStatusAsync(second.Id, JobStatus.Succeeded);
        done.Result.ShouldBe("owt");
        (await other.FetchAsync(queue)).Status.ShouldBe(HttpStatusCode.NoContent, "nothing left: it was handed out once more, not twice");
    }
}
