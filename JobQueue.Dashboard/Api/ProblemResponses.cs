using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JobQueue.Dashboard.Api;

public static class ProblemResponses
{
    /// <summary>Answers a request from a middleware, before any endpoint, with a ProblemDetails body.</summary>
    public static ValueTask WriteProblemAsync(this HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    /// <summary>A refusal the caller may try again after <paramref name="retryAfter"/>: the ProblemDetails and its <c>Retry-After</c>.</summary>
    public static ProblemHttpResult RetryLater(HttpContext context, TimeSpan retryAfter, int status, string title, string detail)
    {
        context.Response.SetRetryAfter(retryAfter);
        return TypedResults.Problem(detail, statusCode: status, title: title);
    }

    /// <summary>Sets <c>Retry-After</c> to <paramref name="retryAfter"/> in whole seconds (at least one).</summary>
    public static void SetRetryAfter(this HttpResponse response, TimeSpan retryAfter) =>
        response.Headers.RetryAfter = RetryAfterSeconds(retryAfter).ToString(CultureInfo.InvariantCulture);

    /// <summary>A wait in the whole seconds a <c>Retry-After</c> carries and a message tells: rounded up, at least one.</summary>
    public static int RetryAfterSeconds(TimeSpan retryAfter) => Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
}
