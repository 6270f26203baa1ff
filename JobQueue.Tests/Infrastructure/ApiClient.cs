using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using JobQueue.Dashboard.DeadLetters;
using JobQueue.Dashboard.Jobs;
using JobQueue.Dashboard.Live;
using JobQueue.Dashboard.Workers;
using JobQueue.Shared.Contracts;

namespace JobQueue.Tests.Infrastructure;

/// <summary>The REST API as a script would use it: bearer token from /api/auth/login, JSON in and out.</summary>
public sealed class ApiClient : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private ApiClient(HttpClient http, string accessToken, string email, string password)
    {
        Email = email;
        Password = password;
        Http = http;
        AccessToken = accessToken;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
    }

    public HttpClient Http { get; }
    public string Email { get; }
    public string Password { get; }
    public string AccessToken { get; }

    public static async Task<ApiClient> SignInAsync(Uri dashboard, string email, string password)
    {
        var http = new HttpClient { BaseAddress = dashboard };
        var response = await http.PostAsJsonAsync("/api/auth/login", new { email, password });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        return new ApiClient(http, token, email, password);
    }

    /// <summary>The same session (the same bearer token) against another dashboard instance of the system.</summary>
    public ApiClient On(Uri dashboard) => new(new HttpClient { BaseAddress = dashboard }, AccessToken, Email, Password);

    public Task<HttpResponseMessage> PostJsonAsync(string path, string json) =>
        Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    public async Task<JobDto> SubmitAsync(string type, string payloadJson, string? queue, int? maxAttempts = null, int? timeoutSeconds = null)
    {
        var queuePart = queue is null ? "" : $",\"queue\":{JsonSerializer.Serialize(queue)}";
        var attemptsPart = maxAttempts is null ? "" : $",\"maxAttempts\":{maxAttempts}";
        var timeoutPart = timeoutSeconds is null ? "" : $",\"timeoutSeconds\":{timeoutSeconds}";
        var response = await PostJsonAsync("/api/jobs",
            $"{{\"type\":{JsonSerializer.Serialize(type)},\"payload\":{payloadJson}{queuePart}{attemptsPart}{timeoutPart}}}");
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JobDto>(Json))!;
    }

    /// <summary>Submits one job given as a whole JSON body (for the fields the other helpers leave out).</summary>
    public async Task<JobDto> SubmitJsonAsync(string body)
    {
        var response = await PostJsonAsync("/api/jobs", body);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JobDto>(Json))!;
    }

    /// <summary>Submits <paramref name="payloads"/> of one type in one <c>POST /api/jobs/batch</c>.</summary>
    public async Task<IReadOnlyList<JobDto>> SubmitBatchAsync(string type, IEnumerable<string> payloads, string? queue)
    {
        var queuePart = queue is null ? "" : $",\"queue\":{JsonSerializer.Serialize(queue)}";
        var jobs = string.Join(",", payloads.Select(p => $"{{\"type\":{JsonSerializer.Serialize(type)},\"payload\":{p}{queuePart}}}"));
        var response = await PostJsonAsync("/api/jobs/batch", $"{{\"jobs\":[{jobs}]}}");
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<SubmittedJobs>(Json))!.Jobs;
    }

    public async Task<JobDto> GetAsync(Guid id)
    {
        var response = await Http.GetAsync(new Uri($"/api/jobs/{id}", UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JobDto>(Json))!;
    }

    public async Task<JobPage> ListAsync(string query = "")
    {
        var response = await Http.GetAsync(new Uri($"/api/jobs{query}", UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JobPage>(Json))!;
    }

    public async Task<List<JobQueue.Dashboard.JobTypes.JobTypeDto>> GetJobTypesAsync() =>
        (await Http.GetFromJsonAsync<List<JobQueue.Dashboard.JobTypes.JobTypeDto>>("/api/job-types", Json))!;

    public Task<HttpResponseMessage> CancelAsync(Guid id) => Http.PostAsync(new Uri($"/api/jobs/{id}/cancel", UriKind.Relative), null);

    /// <summary>Creates a queue, as an admin (201).</summary>
    public async Task CreateQueueAsync(string name)
    {
        var response = await Http.PostAsJsonAsync("/api/queues", new { name });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    public async Task CreateUserAsync(string email, string password, string role)
    {
        var response = await Http.PostAsJsonAsync("/api/users", new { email, password, role });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    public async Task<List<DeadLetterDto>> GetDeadLettersAsync() =>
        (await Http.GetFromJsonAsync<DeadLetterPage>("/api/dead-letters", Json))!.Items;

    /// <summary>Reads the dead letters (as an admin) until <paramref name="condition"/> holds.</summary>
    public Task<List<DeadLetterDto>> WaitForDeadLettersAsync(Func<List<DeadLetterDto>, bool> condition, string what) =>
        Eventually.ReadAsync(GetDeadLettersAsync, condition, what);

    private sealed record DeadLetterPage(List<DeadLetterDto> Items, int Total);

    /// <summary>Reads the job until <paramref name="done"/> holds; fails with the last state seen after the timeout.</summary>
    public Task<JobDto> WaitForAsync(Guid id, Func<JobDto, bool> done, TimeSpan? timeout = null, string? what = null) =>
        Eventually.ReadAsync(() => GetAsync(id), done, $"job {id} {what ?? "in the expected state"}", timeout);

    public Task<JobDto> WaitForStatusAsync(Guid id, JobStatus status, TimeSpan? timeout = null) =>
        WaitForAsync(id, j => j.Status == status, timeout, status.ToString());

    /// <summary>Waits until <c>/api/workers</c> shows the worker in the state a test expects (admins only).</summary>
    public Task<WorkerDto?> WaitForWorkerAsync(string workerId, Func<WorkerDto, bool> condition, string what) =>
        Eventually.ReadAsync(
            async () => (await Http.GetFromJsonAsync<List<WorkerDto>>("/api/workers", Json))!.FirstOrDefault(w => w.Id == workerId),
            worker => worker is not null && condition(worker), $"worker {workerId} {what}");

    /// <summary>Waits until <c>/api/queues</c> shows the queue with the figures a test expects.</summary>
    public Task<QueueStats?> WaitForQueueAsync(string queue, Func<QueueSnapshot, bool> condition, string what) =>
        Eventually.ReadAsync(() => Http.GetFromJsonAsync<QueueStats>("/api/queues", Json),
            stats => stats!.Queues.FirstOrDefault(q => q.Name == queue) is { } snapshot && condition(snapshot), $"queue {queue} with {what}");

    public void Dispose() => Http.Dispose();
}
