using JobQueue.Dashboard.Api;
using Microsoft.AspNetCore.Http.Features;

namespace JobQueue.Dashboard.Security;

public static class AnonymousBodyLimit
{
    /// <summary>The most a caller that is not signed in may send: a sign-in form or request, a refresh token.</summary>
    public const long MaxBytes = 16 * 1024;

    /// <summary>
    /// Caps the request body of callers that are not signed in, so nobody can make the dashboard read megabytes before
    /// knowing who they are: a body that says it is larger answers 413 at once, and one that turns out larger is cut
    /// off by the server at the cap. Signed-in callers get each endpoint's own limit.
    /// </summary>
    public static IApplicationBuilder UseAnonymousBodyLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            if (context.Request.ContentLength > MaxBytes)
            {
                await context.WriteProblemAsync(StatusCodes.Status413PayloadTooLarge, "The request body is too large.",
                    $"Before signing in, a request body may be at most {MaxBytes} bytes ({MaxBytes / 1024} KiB); this one is {context.Request.ContentLength}.");
                return;
            }
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                limit.MaxRequestBodySize = MaxBytes;
        }
        await next(context);
    });
}
