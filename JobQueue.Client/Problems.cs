using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace JobQueue.Client;

/// <summary>Reads a refusal's problem details, and turns it into the exception that says what kind of refusal it was.</summary>
internal static class Problems
{
    public static async Task<JobQueueProblem?> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentType?.MediaType is not ("application/problem+json" or "application/json"))
            return null;
        try
        {
            return await response.Content.ReadFromJsonAsync<JobQueueProblem>(JobQueueJson.Options, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static JobQueueException ToException(HttpResponseMessage response, JobQueueProblem? problem, string what)
    {
        var said = problem?.Errors is { Count: > 0 } errors
            ? string.Join(" ", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")))
            : problem?.Detail ?? problem?.Title ?? response.ReasonPhrase;
        var message = $"{what} was refused ({(int)response.StatusCode}): {said}";
        return response.StatusCode switch
        {
            HttpStatusCode.BadRequest => new JobQueueValidationException(message, problem),
            HttpStatusCode.NotFound => new JobNotFoundException(message, problem),
            HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity => new JobQueueConflictException(message, response.StatusCode, problem),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new JobQueueAuthenticationException(message, response.StatusCode, problem),
            HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable =>
                new JobQueueUnavailableException(message, response.StatusCode, problem, response.Headers.RetryAfter?.Delta),
            _ => new JobQueueException(message, response.StatusCode, problem),
        };
    }

    /// <summary>The answer's body as <typeparamref name="T"/>, or the exception its refusal stands for.</summary>
    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
            throw ToException(response, await ReadAsync(response, cancellationToken), what);
        return await response.Content.ReadFromJsonAsync<T>(JobQueueJson.Options, cancellationToken)
            ?? throw new JobQueueException($"{what}: JobQueue answered {(int)response.StatusCode} without a body.", response.StatusCode);
    }
}
