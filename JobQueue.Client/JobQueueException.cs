using System.Net;

namespace JobQueue.Client;

/// <summary>
/// The dashboard refused a call, or could not be reached. <see cref="Problem"/> holds what it said (its ProblemDetails);
/// the subclasses say what kind of refusal it was.
/// </summary>
public class JobQueueException(string message, HttpStatusCode? statusCode = null, JobQueueProblem? problem = null, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>The answer's status; null when no answer came.</summary>
    public HttpStatusCode? StatusCode { get; } = statusCode;

    /// <summary>The answer's problem details, when it had them.</summary>
    public JobQueueProblem? Problem { get; } = problem;
}
