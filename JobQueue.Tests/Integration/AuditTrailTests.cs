using System.Net;
using System.Net.Http.Json;
using JobQueue.Dashboard.Audit;
using JobQueue.Dashboard.Identity;
using JobQueue.Dashboard.Monitor;
using JobQueue.Dashboard.Workers;
using JobQueue.Shared.Contracts;
using JobQueue.Tests.Infrastructure;

namespace JobQueue.Tests.Integration;

/// <summary>Every admin action through the API leaves one audit entry with who, when, what and from where; <c>GET /api/audit</c> filters them.</summary>
[Collection(SystemTests.Name)]
public class AuditTrailTests(JobQueueSystem system)
{
    private static async Task<AuditPage> ReadAsync(ApiClient admin, string query)
    {
        using var response = await admin.Http.GetAsync(new Uri($"/api/audit{query}", UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<AuditPage>(ApiClient.Json))!;
    }

    private static async Task OkAsync(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync());
    }

    private static Uri At(string path) => new(path, UriKind.Relative);

    [Fact]
    public async Task EachAdminAction_LeavesOneEntryWithTheActorAndWhereFrom()
    {
        using var admin = await system.SignInAsAdminAsync();
        var started = DateTime.UtcNow.AddSeconds(-1);

        // Queues: create, pause, resume, purge, delete.
        var queue = $"audit-{Guid.NewGuid():N}"[..20];
        await OkAsync(admin.Http.PostAsJsonAsync("/api/queues", new { name = queue }));
        await OkAsync(admin.Http.PostAsync(At($"/api/queues/{queue}/pause"), null));
        await OkAsync(admin.Http.PostAsync(At($"/api/queues/{queue}/resume"), null));
        await OkAsync(admin.Http.PostAsync(At($"/api/queues/{queue}/purge"), null));
        await OkAsync(admin.Http.DeleteAsync(At($"/api/queues/{queue}")));
        (await ReadAsync(admin, $"?target={queue}")).Items.Select(e => e.Action).Reverse().ShouldBe(
            [AuditActions.QueueCreated, AuditActions.QueuePaused, AuditActions.QueueResumed, AuditActions.QueuePurged, AuditActions.QueueDeleted]);

        // Users: create, role, disable, enable.
        var email = $"audited-{Guid.NewGuid():N}@jobqueue.test";
        using var created = await admin.Http.PostAsJsonAsync("/api/users", new { email, password = "Audited-Passw0rd", role = "User" });
        var user = (await created.Content.ReadFromJsonAsync<UserDto>(ApiClient.Json))!;
        await OkAsync(admin.Http.PutAsJsonAsync($"/api/users/{user.Id}/role", new { role = "Admin" }));
        await OkAsync(admin.Http.PostAsync(At($"/api/users/{user.Id}/disable"), null));
        await OkAsync(admin.Http.PostAsync(At($"/api/users/{user.Id}/enable"), null));
        var userEntries = (await ReadAsync(admin, $"?target={Uri.EscapeDataString(email)}")).Items;
        userEntries.Select(e => e.Action).Reverse().ShouldBe(
            [AuditActions.UserCreated, AuditActions.UserRoleSet, AuditActions.UserDisabled, AuditActions.UserEnabled]);
        userEntries.First(e => e.Action == AuditActions.UserRoleSet).Details.ShouldBe("role Admin");

        // Wall keys: create and revoke.
        var keyName = $"audit wall {Guid.NewGuid():N}";
        using var key = await admin.Http.PostAsJsonAsync("/api/wall-keys", new { name = keyName });
        var wall = (await key.Content.ReadFromJsonAsync<CreatedWallKey>(ApiClient.Json))!;
        await OkAsync(admin.Http.DeleteAsync(At($"/api/wall-keys/{wall.WallKey.Id}")));
        (await ReadAsync(admin, $"?target={Uri.EscapeDataString(keyName)}")).Items.Select(e => e.Action).Reverse()
            .ShouldBe([AuditActions.WallKeyCreated, AuditActions.WallKeyRevoked]);

        // Workers: pause, resume, concurrency, drain.
        var workerQueue = await system.NewQueueAsync("audit-w");
        await using var worker = await system.StartWorkerAsync(workerQueue, "audit-1");
        var workerId = system.WorkerId("audit-1");
        await admin.WaitForWorkerAsync(workerId, w => w.State == WorkerDisplayState.Active, "active");
        await OkAsync(admin.Http.PostAsync(At($"/api/workers/{workerId}/pause"), null));
        await OkAsync(admin.Http.PostAsync(At($"/api/workers/{workerId}/resume"), null));
        await OkAsync(admin.Http.PutAsJsonAsync($"/api/workers/{workerId}/concurrency", new { concurrency = 2 }));
        await OkAsync(admin.Http.PostAsync(At($"/api/workers/{workerId}/drain"), null));
        var workerEntries = (await ReadAsync(admin, $"?target={workerId}")).Items;
        workerEntries.Select(e => e.Action).Reverse().ShouldBe(
            [AuditActions.WorkerPaused, AuditActions.WorkerResumed, AuditActions.WorkerConcurrencySet, AuditActions.WorkerDrained]);
        workerEntries.Single(e => e.Action == AuditActions.WorkerConcurrencySet).Details.ShouldBe("concurrency 2");

        // Dead letters: requeue one, then delete it.
        var failing = await admin.SubmitAsync("sleep", "{\"seconds\": 0.05, \"steps\": 1, \"fail\": true}", system.Queue, maxAttempts: 1);
        // The dead letter may be stored before the job's failure is: only a Failed job can be requeued.
        await admin.WaitForStatusAsync(failing.Id, JobStatus.Failed);
        var dead = (await admin.WaitForDeadLettersAsync(items => items.Any(d => d.JobId == failing.Id), "the dead letter")).Single(d => d.JobId == failing.Id);
        await OkAsync(admin.Http.PostAsync(At($"/api/dead-letters/{dead.Id}/requeue"), null));
        var again = (await admin.WaitForDeadLettersAsync(items => items.Any(d => d.JobId == failing.Id && d.Attempts == 2), "the second death"))
            .Single(d => d.JobId == failing.Id);
        await OkAsync(admin.Http.DeleteAsync(At($"/api/dead-letters/{again.Id}")));
        var requeued = (await ReadAsync(admin, $"?target={failing.Id}")).Items.Single();
        requeued.Action.ShouldBe(AuditActions.DeadLetterRequeued);
        requeued.Details.ShouldBe($"dead letter {dead.Id}");
        (await ReadAsync(admin, $"?target=dead letter {again.Id}&action={AuditActions.DeadLetterDeleted}")).Items.Count.ShouldBe(1);

        // Who, when and from where, on every entry of this test.
        var mine = (await ReadAsync(admin, $"?from={started:O}&actor={JobQueueSystem.AdminEmail}&pageSize=500")).Items
            .Where(e => e.Target.Contains(queue, StringComparison.Ordinal) || e.Target == email || e.Target == keyName || e.Target == workerId)
            .ToList();
        mine.Count.ShouldBe(15);
        mine.ShouldAllBe(e => e.Actor == JobQueueSystem.AdminEmail && e.Via == Actor.Api && e.Address == "127.0.0.1" && e.At >= started);
    }

    [Fact]
    public async Task Audit_ForAUser_IsForbidden_AndBadFiltersAnswer400NamingThem()
    {
        using var user = await system.NewUserAsync();
        (await user.Http.GetAsync(At("/api/audit"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var admin = await system.SignInAsAdminAsync();
        foreach (var (query, field) in new[] { ("?action=queue.exploded", "action"), ("?from=yesterday", "from"), ("?pageSize=0", "pageSize"), ("?page=x", "page") })
        {
            using var response = await admin.Http.GetAsync(At($"/api/audit{query}"));
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, query);
            (await response.Content.ReadAsStringAsync()).ShouldContain($"\"{field}\"", customMessage: query);
        }
    }
}
