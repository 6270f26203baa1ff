using System.Net;

namespace JobQueue.Client;

/// <summary>
/// 409: the job cannot change so (it finished already), an unfinished job of yours holds the unique key, or an
/// Idempotency-Key was used for another request (422).
/// </summary>
public sealed class JobQueueConflictException(string message, HttpStatusCode statusCode, JobQueueProblem? problem)
    : JobQueueException(message, statusCode, problem);
