using System.Net;

namespace JobQueue.Client;

/// <summary>400: the request broke a rule (a payload against its type's schema, an unknown type or queue, a bad option); nothing was made.</summary>
public sealed class JobQueueValidationException(string message, JobQueueProblem? problem)
    : JobQueueException(message, HttpStatusCode.BadRequest, problem)
{
    /// <summary>Each bad field's messages, by its name or JSON path (<c>payload.seconds</c>).</summary>
    public IReadOnlyDictionary<string, string[]> Errors => Problem?.Errors ?? new Dictionary<string, string[]>();
}
