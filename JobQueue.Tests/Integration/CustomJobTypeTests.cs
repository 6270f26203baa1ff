using System.Net;
using System.Text.Json;
using JobQueue.Client;
using JobQueue.Tests.Infrastructure;

namespace JobQueue.Tests.Integration;

/// <summary>
/// A team's own job type: the example worker (examples/WordCountWorker), a program of its own with the worker library,
/// started as a real process. It advertises word_count; the dashboard lists and keeps it; the client submits it.
/// </summary>
[Collection(SystemTests.Name)]
public class CustomJobTypeTests(JobQueueSystem system)
{
    private static readonly string[] WordCount = ["word_count"];

    [Fact]
    public async Task ExampleWorker_AdvertisesWordCount_TheDashboardListsIt_AndAJobThroughTheClientSucceeds()
    {
        var queue = await system.NewQueueAsync("words");
        var worker = await system.StartWorkerAsync(queue, "word-count", dll: TestPaths.WordCountWorkerDll);
        await using var _ = worker;
        using var user = await system.NewUserAsync();
        await using var clients = JobQueueClients.For(system.DashboardUrl, user.Email, user.Password);

        var types = await JobQueueSystem.WaitForJobTypesAsync(system.DashboardUrl, WordCount);
        var wordCount = types.Single(t => t.Name == "word_count");
        wordCount.Description.ShouldBe("Counts the words of a text and lists the most frequent ones");
        (wordCount.DefaultTimeoutSeconds, wordCount.DefaultMaxAttempts).ShouldBe((60, 3));
        wordCount.Schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()).ShouldBe(["text"]);
        wordCount.Schema.GetProperty("properties").GetProperty("top").GetProperty("maximum").GetInt32().ShouldBe(100);
        await Eventually.ReadAsync(() => clients.Client.GetJobTypesAsync(), t => t.Single(x => x.Name == "word_count").WorkersOnline.Contains(system.WorkerId("word-count")),
            "the example worker online for word_count");

        var job = await clients.Client.SubmitAsync("word_count", new { text = "The cat and the hat, the end.", top = 2 }, new SubmitOptions { Queue = queue });
        job.TimeoutSeconds.ShouldBe(60, "a job takes its type's default timeout");
        var done = await clients.Client.WaitAsync(job.Id);
        done.Status.ShouldBe(JobStatus.Succeeded, done.Error);
        var result = JsonDocument.Parse(done.Result!).RootElement;
        result.GetProperty("words").GetInt32().ShouldBe(7);
        result.GetProperty("distinctWords").GetInt32().ShouldBe(5);
        result.GetProperty("top")[0].GetProperty("word").GetString().ShouldBe("the");
        result.GetProperty("top")[0].GetProperty("count").GetInt32().ShouldBe(3);
        result.GetProperty("top").GetArrayLength().ShouldBe(2);

        // A payload that breaks the type's schema is refused with each error at its path, and nothing runs.
        var refused = await Should.ThrowAsync<JobQueueValidationException>(() =>
            clients.Client.SubmitAsync("word_count", new { text = "", top = 101 }, new SubmitOptions { Queue = queue }));
        refused.Errors["payload.top"].ShouldBe(["top must be between 1 and 100."]);
        refused.Errors["payload.text"].ShouldBe(["text must not be empty."]);
        var raw = await user.PostJsonAsync("/api/jobs", $"{{\"type\":\"word_count\",\"queue\":\"{queue}\",\"payload\":{{\"top\":3}}}}");
        raw.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await raw.Content.ReadAsStringAsync()).ShouldContain("\"payload.text\":[\"text is required.\"]");
        (await user.ListAsync()).Total.ShouldBe(1);
    }

    [Fact]
    public async Task Catalog_KeepsATypeThroughADashboardRestart_AndWhileItsWorkersAreAway()
    {
        var queue = await system.NewQueueAsync("words-away");
        await using (await system.StartWorkerAsync(queue, "word-count-away", dll: TestPaths.WordCountWorkerDll))
            await JobQueueSystem.WaitForJobTypesAsync(system.DashboardUrl, WordCount);
        // The worker has stopped; the dashboard restarts and reads its catalog from the database.
        await system.RestartDashboardAsync();

        using var user = await system.NewUserAsync();
        var types = await user.GetJobTypesAsync();
        var wordCount = types.Single(t => t.Name == "word_count");
        wordCount.WorkersOnline.ShouldBeEmpty();
        wordCount.Schema.GetProperty("properties").TryGetProperty("text", out _).ShouldBeTrue();
        // Its jobs are still taken, and wait for a worker.
        var job = await user.SubmitAsync("word_count", "{\"text\": \"waits for a worker\"}", queue);
        job.Status.ShouldBe(JobQueue.Shared.Contracts.JobStatus.Queued);
        await using var back = await system.StartWorkerAsync(queue, "word-count-back", dll: TestPaths.WordCountWorkerDll);
        (await user.WaitForStatusAsync(job.Id, JobQueue.Shared.Contracts.JobStatus.Succeeded, TimeSpan.FromSeconds(30))).Result!.ShouldContain("\"words\":4");
    }

    [Fact]
    public async Task SubmitFromCodeExample_RunAsAProgram_SubmitsAndPrintsTheResult()
    {
        // The example submits to the default queue: a word_count worker takes it for this test only.
        await using var worker = await system.StartWorkerAsync("default", "word-count-default", dll: TestPaths.WordCountWorkerDll);
        await JobQueueSystem.WaitForJobTypesAsync(system.DashboardUrl, WordCount);
        using var user = await system.NewUserAsync();
        await using var program = ManagedProcess.Start("submit-from-code", TestPaths.SubmitFromCodeDll, new Dictionary<string, string>
        {
            ["JOBQUEUE_URL"] = system.DashboardUrl.ToString(),
            ["JOBQUEUE_EMAIL"] = user.Email,
            ["JOBQUEUE_PASSWORD"] = user.Password,
        });
        await program.WaitForOutputAsync("[submit-from-code exited with code", TimeSpan.FromSeconds(60));
        program.Output.ShouldContain("[submit-from-code exited with code 0]");
        program.Output.ShouldContain("Result: {");
        program.Output.ShouldContain("Queued");
        program.Output.ShouldContain("Running");
        program.Output.ShouldContain("Succeeded");
        program.Output.ShouldContain("\"words\":13");
    }
}
