using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace JobQueue.Bench.Api;

public sealed record JobTimes(Guid Id, string Status, DateTime CreatedAt, DateTime? StartedAt, DateTime? FinishedAt);

public sealed record JobTimeline(Guid Id, string Status, DateTime? RunAt, DateTime? StartedAt, IReadOnlyList<JobTimelineStep> Timeline);

public sealed record JobTimelineStep(string Status, DateTime At, string? Note);

/// <summary>The REST API as a script uses it: bearer token, batch submits that wait out 429 and 503, paged reads.</summary>
public sealed class BenchApi : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly HttpClient _http;

    private BenchApi(HttpClient http, string token)
    {
        _http = http;
        AccessToken = token;
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public string AccessToken { get; }

    public static async Task<BenchApi> SignInAsync(Uri url, string email, string password)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = url, Timeout = TimeSpan.FromSeconds(120) };
        var response = await http.PostAsJsonAsync(new Uri("api/auth/login", UriKind.Relative), new { email, password });
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Sign-in as {email} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        return new BenchApi(http, token);
    }

    /// <summary>Waits until the dashboard's catalog knows <paramref name="type"/> (a worker advertised it): jobs of other types are refused.</summary>
    public async Task WaitForJobTypeAsync(string type, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var types = await _http.GetFromJsonAsync<List<JsonElement>>(new Uri("api/job-types", UriKind.Relative), Json);
            if (types!.Any(t => t.GetProperty("name").GetString() == type))
                return;
            if (DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"No worker advertised the job type {type} within {timeout.TotalSeconds:0} s.");
            await Task.Delay(200);
        }
    }

    /// <summary>Creates a user of its own for a run, so its jobs can be counted apart from everything else.</summary>
    public async Task<(string Email, string Password)> CreateUserAsync(string prefix)
    {
        var email = $"{prefix}-{Guid.NewGuid():N}@bench.local";
        var password = "Bench-" + Guid.NewGuid().ToString("N")[..12] + "!";
        var response = await _http.PostAsJsonAsync(new Uri("api/users", UriKind.Relative), new { email, password, role = "User" });
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Could not create a benchmark user: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (email, password);
    }

    /// <summary>Submits <paramref name="count"/> reverse_string jobs in one batch; waits out 429 and 503 as told.</summary>
    public async Task SubmitReverseBatchAsync(int count, CancellationToken cancellationToken)
    {
        var body = new { jobs = Enumerable.Range(0, count).Select(i => new { type = "reverse_string", payload = $"bench job {i}" }).ToList() };
        while (true)
        {
            using var response = await _http.PostAsJsonAsync(new Uri("api/jobs/batch", UriKind.Relative), body, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Created)
                return;
            if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
            {
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), cancellationToken);
                continue;
            }
            var problem = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException($"Batch submit failed: {(int)response.StatusCode} {problem[..Math.Min(problem.Length, 600)]}");
        }
    }

    /// <summary>Submits one batch of reverse_string jobs, each with its own <c>delaySeconds</c>.</summary>
    /// <returns>The jobs' ids and due times, as the dashboard stored them.</returns>
    public async Task<IReadOnlyList<(Guid Id, DateTime RunAt)>> SubmitDelayedBatchAsync(IReadOnlyList<double> delays, CancellationToken cancellationToken)
    {
        var body = new { jobs = delays.Select((delay, i) => new { type = "reverse_string", payload = $"delayed {i}", delaySeconds = delay }).ToList() };
        using var response = await _http.PostAsJsonAsync(new Uri("api/jobs/batch", UriKind.Relative), body, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"Delayed batch submit failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return answer.GetProperty("jobs").EnumerateArray()
            .Select(j => (j.GetProperty("id").GetGuid(), j.GetProperty("runAt").GetDateTime().ToUniversalTime())).ToList();
    }

    /// <summary>One job with its timeline: when it was released (its Queued entry) and started.</summary>
    public async Task<JobTimeline> GetTimelineAsync(Guid id, CancellationToken cancellationToken) =>
        (await _http.GetFromJsonAsync<JobTimeline>(new Uri($"api/jobs/{id}", UriKind.Relative), Json, cancellationToken))!;

    /// <summary>How many of the caller's visible jobs have <paramref name="status"/>, as the database says.</summary>
    public async Task<int> CountAsync(string status, CancellationToken cancellationToken) =>
        (await ListAsync(status, page: 1, pageSize: 1, cancellationToken)).Total;

    public async Task<(IReadOnlyList<JobTimes> Items, int Total)> ListAsync(string status, int page, int pageSize, CancellationToken cancellationToken)
    {
        var answer = await _http.GetFromJsonAsync<JobPageAnswer>(
            new Uri($"api/jobs?status={status}&page={page}&pageSize={pageSize}&total=exact", UriKind.Relative), Json, cancellationToken);
        return (answer!.Items, answer.Total);
    }

    /// <summary>One request for the first page of a status filter, timed on the client (an upper bound of server time).</summary>
    public async Task<TimeSpan> TimeFirstPageAsync(string status, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var response = await _http.GetAsync(new Uri($"api/jobs?status={status}&page=1&pageSize=50", UriKind.Relative), cancellationToken);
        await response.Content.ReadAsByteArrayAsync(cancellationToken);
        watch.Stop();
        response.EnsureSuccessStatusCode();
        return watch.Elapsed;
    }

    private sealed record JobPageAnswer(IReadOnlyList<JobTimes> Items, int Total);

    public void Dispose() => _http.Dispose();
}
