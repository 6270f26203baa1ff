using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using JobQueue.Dashboard.HttpWorkers;
using JobQueue.Dashboard.WorkerKeys;

namespace JobQueue.Tests.Infrastructure;

/// <summary>An HTTP worker as a script in any language would be: a worker key, fetch, progress, ack.</summary>
public sealed class HttpWorkerClient(Uri dashboard, string key, string workerId) : IDisposable
{
    public HttpClient Http { get; } = new HttpClient { BaseAddress = dashboard, DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", key) } };

    public string WorkerId => workerId;

    /// <summary>A new worker key, created by an admin through the API.</summary>
    public static async Task<string> CreateKeyAsync(ApiClient admin, string name, string[]? queues = null, string[]? types = null)
    {
        using var response = await admin.Http.PostAsJsonAsync("/api/worker-keys", new { name, queues, types });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<CreatedWorkerKey>(ApiClient.Json))!.Key;
    }

    public async Task<(HttpStatusCode Status, FetchedJob? Job, string Body)> FetchAsync(string queue, int? timeToRecoverSeconds = null,
        string[]? types = null, int? waitSeconds = null)
    {
        using var response = await Http.PostAsJsonAsync($"/api/queues/{queue}/fetch", new { workerId, timeToRecoverSeconds, types, waitSeconds });
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.StatusCode == HttpStatusCode.OK ? JsonSerializer.Deserialize<FetchedJob>(body, ApiClient.Json) : null, body);
    }

    /// <summary>Fetches until a job comes (long polls of up to 5 s), within <paramref name="within"/>.</summary>
    public async Task<FetchedJob> FetchJobAsync(string queue, TimeSpan within, int? timeToRecoverSeconds = null)
    {
        var until = DateTime.UtcNow + within;
        while (true)
        {
            var (status, job, body) = await FetchAsync(queue, timeToRecoverSeconds, waitSeconds: 5);
            if (job is not null)
                return job;
            status.ShouldBe(HttpStatusCode.NoContent, body);
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"No job came from {queue} within {within}.");
        }
    }

    public async Task<(HttpStatusCode Status, string Body)> AckAsync(Guid jobId, object? result = null, string? error = null)
    {
        using var response = await Http.PostAsJsonAsync($"/api/jobs/{jobId}/ack", new { workerId, result, error });
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<(HttpStatusCode Status, string Body)> ProgressAsync(Guid jobId, double? progress = null, string[]? lines = null)
    {
        using var response = await Http.PostAsJsonAsync($"/api/jobs/{jobId}/progress", new { workerId, progress, lines });
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public void Dispose() => Http.Dispose();
}
