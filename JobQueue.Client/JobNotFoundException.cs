using System.Net;

namespace JobQueue.Client;

/// <summary>404: no such job, or another user's.</summary>
public sealed class JobNotFoundException(string message, JobQueueProblem? problem) : JobQueueException(message, HttpStatusCode.NotFound, problem);
