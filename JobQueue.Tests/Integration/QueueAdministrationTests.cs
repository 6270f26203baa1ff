using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JobQueue.Dashboard.Live;
using JobQueue.Dashboard.Queues;
using JobQueue.Shared.Contracts;
using JobQueue.Tests.Infrastructure;

namespace JobQueue.Tests.Integration;

/// <summary>Queues are created and deleted by admins; jobs go only to queues that exist; workers never create one.</summary>
[Collection(SystemTests.Name)]
public class QueueAdministrationTests(JobQueueSystem system)
{
    [Fact]
    public async Task TheBrokerPolicyOfScriptsBrokerSh_LimitsAJobMessageToTenDeliveries() =>
        (await BrokerAdmin.DeliveryLimitAsync(system.VirtualHost)).ShouldBe(10);

    [Fact]
    public async Task CreateQueue_Answers201_ShowsItsFigures_AndASecondCreateAnswers409()
    {
        using var admin = await system.SignInAsAdminAsync();
        var name = $"created-{Guid.NewGuid():N}"[..20];

        var created = await admin.Http.PostAsJsonAsync("/api/queues", new { name });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        created.Headers.Location!.ToString().ShouldBe($"/api/queues/{name}");
        (await created.Content.ReadFromJsonAsync<QueueDto>(ApiClient.Json))!.CreatedBy.ShouldBe(JobQueueSystem.AdminEmail);
        await admin.WaitForQueueAsync(name, q => q.Ready == 0, "its figures");

        var again = await admin.Http.PostAsJsonAsync("/api/queues", new { name });
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await again.Content.ReadAsStringAsync()).ShouldContain("exists already");
    }

    [Fact]
    public async Task SubmitToAQueueThatDoesNotExist_Answers400NamingTheQueuesThatDo_AndStoresNothing()
    {
        using var user = await system.NewUserAsync();
        var response = await user.PostJsonAsync("/api/jobs", "{\"type\":\"reverse_string\",\"payload\":\"x\",\"queue\":\"no-such-queue\"}");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        var message = errors.GetProperty("queue")[0].GetString()!;
        message.ShouldContain("There is no queue 'no-such-queue'");
        message.ShouldContain("default");
        message.ShouldContain(system.Queue);
        (await user.ListAsync()).Total.ShouldBe(0);
    }

    [Fact]
    public async Task DeleteQueue_RefusesDefault_AndOneWithWaitingJobs_UnlessPurged_ThenCancelsThem()
    {
        using var admin = await system.SignInAsAdminAsync();
        (await admin.Http.DeleteAsync(new Uri("/api/queues/default", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var queue = await system.NewQueueAsync("doomed");
        var jobs = await admin.SubmitBatchAsync("reverse_string", ["\"a\"", "\"b\"", "\"c\""], queue);
        var refused = await admin.Http.DeleteAsync(new Uri($"/api/queues/{queue}", UriKind.Relative));
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("3 job(s) wait");
        (await admin.Http.DeleteAsync(new Uri($"/api/queues/{queue}?purge=maybe", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var deleted = await admin.Http.DeleteAsync(new Uri($"/api/queues/{queue}?purge=true", UriKind.Relative));
        deleted.StatusCode.ShouldBe(HttpStatusCode.OK, await deleted.Content.ReadAsStringAsync());
        var result = (await deleted.Content.ReadFromJsonAsync<PurgeResult>(ApiClient.Json))!;
        result.JobsCancelled.ShouldBe(3);
        result.MessagesPurged.ShouldBe(3);
        foreach (var job in jobs)
        {
            var after = await admin.GetAsync(job.Id);
            after.Status.ShouldBe(JobStatus.Cancelled);
            after.Timeline![^1].Note.ShouldNotBeNull().ShouldContain("was deleted");
        }
        (await admin.PostJsonAsync("/api/jobs", $"{{\"type\":\"reverse_string\",\"payload\":\"x\",\"queue\":\"{queue}\"}}")).StatusCode
            .ShouldBe(HttpStatusCode.BadRequest);
        await Eventually.ReadAsync(() => admin.Http.GetFromJsonAsync<QueueStats>("/api/queues", ApiClient.Json),
            stats => stats!.Queues.All(q => q.Name != queue), "the deleted queue gone from the figures");
        (await admin.Http.DeleteAsync(new Uri($"/api/queues/{queue}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DeleteQueue_WithARunningJob_Answers409()
    {
        using var admin = await system.SignInAsAdminAsync();
        var queue = await system.NewQueueAsync("busy");
        await using var worker = await system.StartWorkerAsync(queue, "busy-1");
        var job = await admin.SubmitAsync("sleep", "{\"seconds\": 30, \"steps\": 30}", queue);
        await admin.WaitForStatusAsync(job.Id, JobStatus.Running);

        var refused = await admin.Http.DeleteAsync(new Uri($"/api/queues/{queue}?purge=true", UriKind.Relative));
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("running");
        (await admin.CancelAsync(job.Id)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await admin.WaitForStatusAsync(job.Id, JobStatus.Cancelled);
    }

    [Fact]
    public async Task Worker_ForAQueueThatDoesNotExist_WaitsForIt_ConsumesItOnceCreated_AndWaitsAgainWhenItIsDeleted()
    {
        using var admin = await system.SignInAsAdminAsync();
        var queue = $"later-{Guid.NewGuid():N}"[..18];
        var started = ManagedProcess.Start($"worker-later-{queue}", TestPaths.WorkerDll, new Dictionary<string, string>
        {
            ["JOBQUEUE_RABBITMQ"] = system.RabbitMqUri,
            ["Worker__Id"] = $"later-{queue}",
            ["Worker__Queues__0"] = queue,
            ["Worker__HeartbeatInterval"] = "00:00:01",
        });
        await using var worker = started;
        await worker.WaitForOutputAsync($"Queue {queue} does not exist", TimeSpan.FromSeconds(60));
        await admin.WaitForWorkerAsync($"later-{queue}", w => w.MissingQueues.Contains(queue), "waiting for its queue");

        await admin.CreateQueueAsync(queue);
        var job = await admin.SubmitAsync("reverse_string", "\"later\"", queue);
        (await admin.WaitForStatusAsync(job.Id, JobStatus.Succeeded, TimeSpan.FromSeconds(30))).Result.ShouldBe("retal");
        await admin.WaitForWorkerAsync($"later-{queue}", w => w.MissingQueues.Count == 0, "consuming its queue");

        (await admin.Http.DeleteAsync(new Uri($"/api/queues/{queue}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await worker.WaitForOutputAsync($"Queue {queue} was deleted", TimeSpan.FromSeconds(30));
        await admin.WaitForWorkerAsync($"later-{queue}", w => w.MissingQueues.Contains(queue), "waiting for its queue again");
        worker.Output.ShouldNotContain("Unhandled exception");
    }
}
