using System.Net;
using System.Net.Http.Json;
using JobQueue.Dashboard.Bulk;
using JobQueue.Shared.Contracts;
using JobQueue.Tests.Infrastructure;

namespace JobQueue.Tests.Integration;

/// <summary>
/// The dead letters' requeue-all and delete-all, as bulk operations, on a system of their own (on the shared one they
/// would take every other test's dead letters too).
/// </summary>
public class DeadLetterBulkTests
{
    [Fact]
    public async Task RequeueAll_RunsEveryDeadJobAgain_AndDeleteAll_EmptiesTheDeadLetters_BothWithProgress()
    {
        await using var system = new JobQueueSystem();
        await system.InitializeAsync();
        using var admin = await system.SignInAsAdminAsync();
        var jobs = new List<Guid>();
        for (var i = 0; i < 3; i++)
            jobs.Add((await admin.SubmitAsync("sleep", "{\"seconds\": 0.05, \"steps\": 1, \"fail\": true}", system.Queue, maxAttempts: 1)).Id);
        await admin.WaitForDeadLettersAsync(items => jobs.All(id => items.Any(d => d.JobId == id)), "three dead letters");
        // A dead letter may be stored before its job's failure is: requeue-all takes the jobs that are Failed.
        foreach (var id in jobs)
            await admin.WaitForStatusAsync(id, JobStatus.Failed);

        using var requeue = await admin.Http.PostAsync(new Uri("/api/dead-letters/requeue-all", UriKind.Relative), null);
        requeue.StatusCode.ShouldBe(HttpStatusCode.Accepted, await requeue.Content.ReadAsStringAsync());
        var requeueAll = (await requeue.Content.ReadFromJsonAsync<BulkOperationDto>(ApiClient.Json))!;
        requeueAll.Total.ShouldBe(3);
        var requeued = await BulkJobTests.WaitUntilDoneAsync(admin, requeueAll.Id);
        requeued.ShouldSatisfyAllConditions(o => o.Status.ShouldBe(BulkOperationStatus.Done), o => o.Done.ShouldBe(3));
        // Each ran again as its next attempt, and (failing on request every time) died again.
        foreach (var id in jobs)
            await admin.WaitForAsync(id, j => j.Status == JobStatus.Failed && j.Attempt == 2, what: "the second attempt's failure");
        await admin.WaitForDeadLettersAsync(items => items.Count == 3 && items.All(d => d.Attempts == 2), "three dead letters of second attempts");

        using var delete = await admin.Http.DeleteAsync(new Uri("/api/dead-letters", UriKind.Relative));
        delete.StatusCode.ShouldBe(HttpStatusCode.Accepted, await delete.Content.ReadAsStringAsync());
        var deleteAll = (await delete.Content.ReadFromJsonAsync<BulkOperationDto>(ApiClient.Json))!;
        (await BulkJobTests.WaitUntilDoneAsync(admin, deleteAll.Id)).Done.ShouldBe(3);
        (await admin.GetDeadLettersAsync()).ShouldBeEmpty();
        foreach (var id in jobs)
            (await admin.GetAsync(id)).Status.ShouldBe(JobStatus.Failed, "deleting a dead letter leaves its job's history");
    }
}
