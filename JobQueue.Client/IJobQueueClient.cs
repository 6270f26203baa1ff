namespace JobQueue.Client;

/// <summary>
/// JobQueue from .NET code: submit jobs of any advertised type with a typed payload, read and cancel them, and wait for
/// or watch them through the dashboard's hub (pushed, not polled). Register it with
/// <see cref="JobQueueClientExtensions.AddJobQueueClient(Microsoft.Extensions.DependencyInjection.IServiceCollection, Action{JobQueueClientOptions})"/>. A refusal is a <see cref="JobQueueException"/> carrying the
/// API's ProblemDetails (<see cref="JobQueueValidationException.Errors"/> by field for a 400).
/// </summary>
public interface IJobQueueClient
{
    /// <summary>Submits a job of <paramref name="type"/>; its payload is <paramref name="payload"/> as JSON (camelCase).</summary>
    /// <returns>The job as stored: Queued, or Scheduled with a delay.</returns>
    Task<JobInfo> SubmitAsync<TPayload>(string type, TPayload payload, SubmitOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Submits up to 1,000 jobs of one type at once, all or none (a 400 names each bad one as <c>jobs[i].field</c>).</summary>
    Task<IReadOnlyList<JobInfo>> SubmitManyAsync<TPayload>(string type, IEnumerable<TPayload> payloads, SubmitOptions? options = null,
        CancellationToken cancellationToken = default);

    /// <summary>The job now, with its timeline.</summary>
    /// <exception cref="JobNotFoundException">No such job, or another user's.</exception>
    Task<JobInfo> GetAsync(Guid jobId, CancellationToken cancellationToken = default);

    /// <summary>Cancels the job: one that waits is Cancelled at once, a running one is Cancelling until its worker confirms (<see cref="WaitAsync"/> for that).</summary>
    /// <exception cref="JobQueueConflictException">It has finished already.</exception>
    Task<JobInfo> CancelAsync(Guid jobId, CancellationToken cancellationToken = default);

    /// <summary>Waits until the job is Succeeded, Failed or Cancelled, as the hub tells it, and answers it then (with its result).</summary>
    Task<JobInfo> WaitAsync(Guid jobId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The job's changes in order, from the first (its timeline so far) to its end: each new status, and its progress
    /// while it runs. Ends when the job is Succeeded, Failed or Cancelled.
    /// </summary>
    IAsyncEnumerable<JobChange> WatchAsync(Guid jobId, CancellationToken cancellationToken = default);

    /// <summary>The job types the workers advertised, with their payloads' schemas and the workers online for each.</summary>
    Task<IReadOnlyList<JobTypeInfo>> GetJobTypesAsync(CancellationToken cancellationToken = default);
}
