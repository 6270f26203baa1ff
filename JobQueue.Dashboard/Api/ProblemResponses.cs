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
}
