using System.Net;

namespace JobQueue.Client;

/// <summary>401 or 403: the credentials are wrong, the account may not sign in, or it may not do this.</summary>
public sealed class JobQueueAuthenticationException(string message, HttpStatusCode statusCode, JobQueueProblem? problem)
    : JobQueueException(message, statusCode, problem);
