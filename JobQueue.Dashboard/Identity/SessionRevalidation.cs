using System.Security.Claims;
using JobQueue.Dashboard.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace JobQueue.Dashboard.Identity;

public static class SessionRevalidation
{
    /// <summary>
    /// Checks every authenticated request's session (<see cref="SessionValidator"/>): a revoked one is treated as no
    /// session at all (so the API answers 401 and pages send the browser to sign in), and its cookie is deleted. Where
    /// the user cannot be read and never was, the request answers 503 rather than guess.
    /// </summary>
    public static IApplicationBuilder UseSessionRevalidation(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // A worker key is checked on every request by its own handler; there is no user session to revalidate.
        if (context.User.Identity is { IsAuthenticated: true, AuthenticationType: not IdentityExtensions.WorkerKeyScheme })
        {
            var state = await context.RequestServices.GetRequiredService<SessionValidator>().CheckAsync(context.User, context.RequestAborted);
            if (state == SessionState.Unknown)
            {
                context.Response.SetRetryAfter(TimeSpan.FromSeconds(5));
                await context.WriteProblemAsync(StatusCodes.Status503ServiceUnavailable, "Your session cannot be checked right now.",
                    "The user store does not answer, so whether your access still stands is not known. Try again shortly.");
                return;
            }
            if (state == SessionState.Revoked)
            {
                if (!IdentityExtensions.UsesBearer(context.Request))
                    await context.SignOutAsync(IdentityConstants.ApplicationScheme);
                context.User = new ClaimsPrincipal(new ClaimsIdentity());
            }
        }
        await next(context);
    });
}
