using System.Net;

namespace JobQueue.Client;

/// <summary>429 or 503, still after the client's retries: too many submits, or the dashboard's store away. Try again after <see cref="RetryAfter"/>.</summary>
public sealed class JobQueueUnavailableException(string message, HttpStatusCode statusCode, JobQueueProblem? problem, TimeSpan? retryAfter)
    : JobQueueException(message, statusCode, problem)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
