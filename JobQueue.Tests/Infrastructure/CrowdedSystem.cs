using System.Net.Http.Json;
using JobQueue.Dashboard.Monitor;
using JobQueue.Shared.Contracts;

namespace JobQueue.Tests.Infrastructure;

/// <summary>
/// A system of its own, filled as a busy installation is: 12 queues (one with a 64-character name), 70 users (some
/// with long addresses), jobs in most states (long payloads and results, a failure, a scheduled one, one running,
/// some waiting in a queue no worker takes), a recurring job and keys with long names. The pages are measured on it.
/// Started only where the browser tests run.
/// </summary>
public sealed class CrowdedSystem : IAsyncLifetime
{
    public const int QueueCount = 12;
    public const int UserCount = 70;

    /// <summary>64 characters, the longest a queue name may be.</summary>
    public static readonly string LongQueue = "nightly-invoice-exports-for-the-northern-region-warehouse-batches"[..64];

    public JobQueueSystem System { get; } = new();

    public CreatedWallKey WallKey { get; private set; } = null!;

    public Guid SucceededJob { get; private set; }

    public async Task InitializeAsync()
    {
        if (BrowserFactAttribute.Reason is not null)
            return;
        await System.InitializeAsync();
        using var admin = await System.SignInAsAdminAsync();
        // default and the system's own queue, plus ten.
        await admin.CreateQueueAsync(LongQueue);
        foreach (var name in new[] { "emails", "reports", "thumbnails", "billing", "search-index", "webhooks", "exports.csv", "ml_training", "sms" })
            await admin.CreateQueueAsync(name);

        await Parallel.ForEachAsync(Enumerable.Range(1, UserCount), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            var email = i % 7 == 0
                ? $"a.very-long-first-name.and-a-longer-last-name-{i:00}@subsidiary.department.example-corporation.com"
                : $"user{i:00}@jobqueue.test";
            await admin.CreateUserAsync(email, "User-Passw0rd", i % 10 == 0 ? "Admin" : "User");
        });

        var longText = string.Concat(Enumerable.Repeat("a long payload that no column is wide enough for ", 40));
        var succeeded = await admin.SubmitAsync("reverse_string", global::System.Text.Json.JsonSerializer.Serialize(longText), System.Queue);
        SucceededJob = succeeded.Id;
        await admin.SubmitAsync("fibonacci_calc", "5000", System.Queue);
        // More failures than the wall shows.
        var failed = await admin.SubmitAsync("sleep", "{\"seconds\": 0.05, \"steps\": 1, \"fail\": true}", System.Queue, maxAttempts: 1);
        for (var i = 0; i < 4; i++)
            await admin.SubmitAsync("sleep", "{\"seconds\": 0.05, \"steps\": 1, \"fail\": true}", System.Queue, maxAttempts: 1);
        await admin.SubmitAsync("sleep", "{\"seconds\": 600, \"steps\": 600}", System.Queue);
        await admin.SubmitJsonAsync($"{{\"type\":\"uppercase_text\",\"payload\":\"later\",\"queue\":\"{System.Queue}\",\"delaySeconds\":3600}}");
        for (var i = 0; i < 5; i++)
            await admin.SubmitAsync("uppercase_text", "\"waiting\"", LongQueue);
        await admin.SubmitAsync("reverse_string", "\"waiting\"", "reports");

        using var longUser = await System.SignInAsync($"a.very-long-first-name.and-a-longer-last-name-07@subsidiary.department.example-corporation.com", "User-Passw0rd");
        var theirs = await longUser.SubmitAsync("reverse_string", global::System.Text.Json.JsonSerializer.Serialize(longText), System.Queue);

        (await admin.PostJsonAsync("/api/recurring",
            $"{{\"name\":\"refresh the search index of every product catalogue every five minutes\",\"cron\":\"*/5 * * * *\",\"job\":{{\"type\":\"reverse_string\",\"payload\":\"x\",\"queue\":\"search-index\"}}}}"))
            .EnsureSuccessStatusCode();
        (await admin.PostJsonAsync("/api/recurring",
            $"{{\"name\":\"nightly report\",\"cron\":\"0 3 * * *\",\"job\":{{\"type\":\"reverse_string\",\"payload\":\"x\",\"queue\":\"reports\"}}}}"))
            .EnsureSuccessStatusCode();
        var wall = await admin.PostJsonAsync("/api/wall-keys", "{\"name\":\"the big screen in the operations room on the third floor\",\"showErrors\":true}");
        WallKey = (await wall.Content.ReadFromJsonAsync<CreatedWallKey>(ApiClient.Json))!;
        (await admin.PostJsonAsync("/api/worker-keys", $"{{\"name\":\"python workers in the data centre in the north\",\"queues\":[\"{LongQueue}\"]}}"))
            .EnsureSuccessStatusCode();

        await admin.WaitForStatusAsync(succeeded.Id, JobStatus.Succeeded);
        await admin.WaitForStatusAsync(failed.Id, JobStatus.Failed);
        await admin.WaitForStatusAsync(theirs.Id, JobStatus.Succeeded);
    }

    public async Task DisposeAsync()
    {
        if (BrowserFactAttribute.Reason is null)
            await System.DisposeAsync();
    }
}
