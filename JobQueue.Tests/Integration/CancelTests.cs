using System.Net;
using System.Net.Http.Json;
using JobQueue.Dashboard.Jobs;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.Messaging;
using JobQueue.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace JobQueue.Tests.Integration;

[Collection(SystemTests.Name)]
public class CancelTests(JobQueueSystem system)
{
    [Fact]
    public async Task Cancel_QueuedJob_IsCancelledAtOnceAndSkippedWhenItsWorkerTakesIt()
    {
        using var api = await system.SignInAsAdminAsync();
        var queue = await system.NewQueueAsync("cancel-queued");
        await using var worker = await system.StartWorkerAsync(queue, "busy-worker",
            new Dictionary<string, string> { ["Worker__Concurrency"] = "1" });
        // Keep the only slot busy, so the next job waits in the broker where no worker has it yet.
        var blocker = await api.SubmitAsync("sleep", "{\"seconds\": 120, \"steps\": 120}", queue);
        await api.WaitForStatusAsync(blocker.Id, JobStatus.Running);
        var job = await api.SubmitAsync("reverse_string", "\"never run me\"", queue);

        var response = await api.CancelAsync(job.Id);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await response.Content.ReadFromJsonAsync<JobDto>(ApiClient.Json))!.Status.ShouldBe(JobStatus.Cancelled);
        (await api.GetAsync(job.Id)).Status.ShouldBe(JobStatus.Cancelled);

        // Free the slot: the worker now receives the cancelled job and must skip it, not run it.
        (await api.CancelAsync(blocker.Id)).EnsureSuccessStatusCode();
        await worker.WaitForOutputAsync($"Skipped job {job.Id}", TimeSpan.FromSeconds(30));
        await WaitForEmptyQueueAsync(queue);
        var after = await api.GetAsync(job.Id);
        after.Status.ShouldBe(JobStatus.Cancelled);
        after.Result.ShouldBeNull();
        after.StartedAt.ShouldBeNull();
    }

    [Fact]
    public async Task Cancel_RunningSleepJob_WorkerStopsItAndConfirmsCancelled()
    {
        using var api = await system.SignInAsAdminAsync();
        var job = await api.SubmitAsync("sleep", "{\"seconds\": 120, \"steps\": 240}", system.Queue);
        var running = await api.WaitForAsync(job.Id, j => j is { Status: JobStatus.Running, Progress: > 0 }, what: "Running with progress");

        var response = await api.CancelAsync(job.Id);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await response.Content.ReadFromJsonAsync<JobDto>(ApiClient.Json))!.Status.ShouldBeOneOf(JobStatus.Cancelling, JobStatus.Cancelled);
        var cancelled = await api.WaitForStatusAsync(job.Id, JobStatus.Cancelled);
        cancelled.WorkerId.ShouldBe(running.WorkerId);
        cancelled.Progress.ShouldBeLessThan(100);
        cancelled.FinishedAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task Cancel_WhosePublishNeverReachedTheWorker_IsSentAgainOnItsNextProgressReport_AndTheJobEndsCancelled()
    {
        using var api = await system.SignInAsAdminAsync();
        var job = await api.SubmitAsync("sleep", "{\"seconds\": 120, \"steps\": 240}", system.Queue);
        var running = await api.WaitForAsync(job.Id, j => j is { Status: JobStatus.Running, Progress: > 0 }, what: "Running with progress");

        // A cancel stored but never published (the broker refused it within the publish timeout): the row says Cancelling,
        // no worker heard of it. The version moves, as a cancel through the dashboard moves it.
        (await StoreCancelOnlyAsync(job.Id)).ShouldBe(1);

        // The worker goes on reporting progress; the recorder sees a Cancelling job's progress and sends the cancel again.
        var cancelled = await api.WaitForStatusAsync(job.Id, JobStatus.Cancelled);
        cancelled.WorkerId.ShouldBe(running.WorkerId);
        cancelled.Progress.ShouldBeLessThan(50);
    }

    /// <summary>Marks the job Cancelling in the database alone, as a cancel whose publish failed leaves it.</summary>
    private async Task<int> StoreCancelOnlyAsync(Guid jobId)
    {
        const string Update = """UPDATE "Jobs" SET "Status" = 'Cancelling', "Version" = "Version" + 1 WHERE "Id" = """;
        if (system.PostgresConnectionString is { } postgres)
        {
            await using var dataSource = Npgsql.NpgsqlDataSource.Create(postgres);
            await using var command = dataSource.CreateCommand(Update + "$1");
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = jobId });
            return await command.ExecuteNonQueryAsync();
        }
        await using var connection = new SqliteConnection($"Data Source={system.DatabasePath}");
        await connection.OpenAsync();
        await using var sqlite = connection.CreateCommand();
        sqlite.CommandText = Update + "$id";
        sqlite.Parameters.AddWithValue("$id", jobId.ToString().ToUpperInvariant());
        return await sqlite.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Cancel_FinishedJob_Returns409()
    {
        using var api = await system.SignInAsAdminAsync();
        var job = await api.SubmitAsync("uppercase_text", "\"done soon\"", system.Queue);
        await api.WaitForStatusAsync(job.Id, JobStatus.Succeeded);

        var response = await api.CancelAsync(job.Id);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await api.GetAsync(job.Id)).Status.ShouldBe(JobStatus.Succeeded);
    }

    [Fact]
    public async Task Cancel_UnknownJob_Returns404()
    {
        using var api = await system.SignInAsAdminAsync();
        (await api.CancelAsync(Guid.NewGuid())).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private async Task WaitForEmptyQueueAsync(string queue)
    {
        var connection = await system.Broker.GetAsync(CancellationToken.None);
        await using var channel = await connection.CreateChannelAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await channel.QueueDeclarePassiveAsync(Topology.JobQueueName(queue))).MessageCount > 0)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, $"{queue} still holds messages");
            await Task.Delay(100);
        }
    }
}
