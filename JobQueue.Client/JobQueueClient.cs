using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace JobQueue.Client;

/// <summary>The REST API through the client's <see cref="HttpClient"/> (signed in, retried on transient failures), the hub through <see cref="JobQueueHub"/>.</summary>
internal sealed class JobQueueClient(HttpClient http, JobQueueHub hub) : IJobQueueClient
{
    public async Task<JobInfo> SubmitAsync<TPayload>(string type, TPayload payload, SubmitOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var request = Post("api/jobs", Job(type, payload, options), options);
        using var response = await http.SendAsync(request, cancellationToken);
        return await Problems.ReadAsync<JobInfo>(response, $"Submitting a {type} job", cancellationToken);
    }

    public async Task<IReadOnlyList<JobInfo>> SubmitManyAsync<TPayload>(string type, IEnumerable<TPayload> payloads, SubmitOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        using var request = Post("api/jobs/batch", new { jobs = payloads.Select(p => Job(type, p, options)).ToList() }, options);
        using var response = await http.SendAsync(request, cancellationToken);
        return (await Problems.ReadAsync<SubmittedJobs>(response, $"Submitting a batch of {type} jobs", cancellationToken)).Jobs;
    }

    public async Task<JobInfo> GetAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync($"api/jobs/{jobId}", cancellationToken);
        return await Problems.ReadAsync<JobInfo>(response, $"Reading job {jobId}", cancellationToken);
    }

    public async Task<JobInfo> CancelAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        using var response = await http.PostAsync($"api/jobs/{jobId}/cancel", content: null, cancellationToken);
        return await Problems.ReadAsync<JobInfo>(response, $"Cancelling job {jobId}", cancellationToken);
    }

    public async Task<JobInfo> WaitAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        await foreach (var change in WatchAsync(jobId, cancellationToken))
        {
            if (!change.Status.IsTerminal())
                continue;
            // The hub can tell the outcome a moment before the dashboard has stored it: then the outcome is the event's.
            var job = await GetAsync(jobId, cancellationToken);
            return job.Status.IsTerminal() && job.Attempt >= change.Attempt ? job
                : job with { Status = change.Status, Attempt = change.Attempt, Result = change.Result, Error = change.Error, FinishedAt = change.At };
        }
        throw new OperationCanceledException(cancellationToken);
    }

    public async IAsyncEnumerable<JobChange> WatchAsync(Guid jobId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Listen first, then read: a change that comes between the two is in the stream, and one the job already shows is skipped.
        using var watch = await hub.WatchAsync(jobId, cancellationToken);
        var position = new JobPosition();
        foreach (var change in position.Forward(ChangesOf(await GetAsync(jobId, cancellationToken))))
            yield return change;
        while (!position.Ended && await watch.Changes.WaitToReadAsync(cancellationToken))
        {
            while (!position.Ended && watch.Changes.TryRead(out var change))
            {
                // null: the hub connection was away, and changes may have been lost; the job as it is now says them.
                var changes = change is null ? ChangesOf(await GetAsync(jobId, cancellationToken)) : [change];
                foreach (var forward in position.Forward(changes))
                    yield return forward;
            }
        }
    }

    public async Task<IReadOnlyList<JobTypeInfo>> GetJobTypesAsync(CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync("api/job-types", cancellationToken);
        return await Problems.ReadAsync<List<JobTypeInfo>>(response, "Reading the job types", cancellationToken);
    }

    /// <summary>A job's life so far as changes: its timeline, its result or error on the last step, its progress if it runs.</summary>
    private static List<JobChange> ChangesOf(JobInfo job)
    {
        var changes = (job.Timeline ?? []).Select(t => new JobChange(job.Id, t.Status, t.Attempt, t.At, WorkerId: t.WorkerId)).ToList();
        if (changes.Count > 0 && job.Status.IsTerminal())
            changes[^1] = changes[^1] with { Result = job.Result, Error = job.Error };
        if (job.Status == JobStatus.Running && job.Progress > 0)
        {
            // Its progress is no older than its timeline's last step (StartedAt, the worker's start, may be a moment earlier).
            var at = job.StartedAt ?? job.CreatedAt;
            if (changes.Count > 0 && changes[^1].At > at)
                at = changes[^1].At;
            changes.Add(new JobChange(job.Id, JobStatus.Running, job.Attempt, at, job.Progress, job.WorkerId));
        }
        return changes;
    }

    private static Dictionary<string, object?> Job<TPayload>(string type, TPayload payload, SubmitOptions? options)
    {
        var job = new Dictionary<string, object?>
        {
            ["type"] = type,
            ["payload"] = JsonSerializer.SerializeToElement(payload, JobQueueJson.Options),
        };
        if (options is null)
            return job;
        Add(job, "queue", options.Queue);
        Add(job, "maxAttempts", options.MaxAttempts);
        Add(job, "timeoutSeconds", options.TimeoutSeconds);
        Add(job, "priority", options.Priority);
        Add(job, "delaySeconds", options.Delay?.TotalSeconds);
        Add(job, "runAt", options.RunAt);
        Add(job, "uniqueKey", options.UniqueKey);
        return job;
    }

    private static void Add(Dictionary<string, object?> job, string name, object? value)
    {
        if (value is not null)
            job[name] = value;
    }

    /// <summary>A submit, with its Idempotency-Key: the one given, or a new one for this call (which every retry of it sends).</summary>
    private static HttpRequestMessage Post(string path, object body, SubmitOptions? options) => new(HttpMethod.Post, path)
    {
        Content = JsonContent.Create(body, options: JobQueueJson.Options),
        Headers = { { "Idempotency-Key", options?.IdempotencyKey ?? Guid.NewGuid().ToString("N") } },
    };

    private sealed record SubmittedJobs(List<JobInfo> Jobs);
}
