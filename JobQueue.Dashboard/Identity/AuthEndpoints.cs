using JobQueue.Dashboard.Api;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace JobQueue.Dashboard.Identity;

/// <summary>
/// <c>/api/auth</c>: bearer tokens for scripts. An access token lives <see cref="AuthOptions.TokenLifetime"/>; its
/// refresh token buys new ones after checking the user again. Signing out ends every session of the user.
/// </summary>
public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Auth");
        auth.MapPost("/login", LoginAsync).AllowAnonymous()
            .Produces<AccessTokenResponse>().ReadsJson<LoginRequest>();
        auth.MapPost("/refresh", RefreshAsync).AllowAnonymous()
            .Produces<AccessTokenResponse>().ReadsJson<RefreshRequest>();
        auth.MapPost("/logout", LogoutAsync).RequireAuthorization();
        return app;
    }

    /// <summary>Signs in with the bearer scheme, whose handler writes {"tokenType","accessToken","expiresIn","refreshToken"}.</summary>
    private static async Task<Results<EmptyHttpResult, ProblemHttpResult, ValidationProblem>> LoginAsync(
        HttpContext context, SignInGate gate, SignInManager<IdentityUser> signInManager, RefreshTokenFamilies families)
    {
        var (request, problem) = await JsonBody.ReadAsync<LoginRequest>(context.Request, JsonBody.AnonymousMaxBytes, context.RequestAborted);
        if (problem is not null)
            return problem;
        if (string.IsNullOrWhiteSpace(request!.Email) || string.IsNullOrEmpty(request.Password))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [string.IsNullOrWhiteSpace(request.Email) ? "email" : "password"] = ["Both email and password are required."],
            });

        switch (await gate.CheckAsync(request.Email, request.Password, context))
        {
            case SignInCheck.Passed { User: var user }:
                signInManager.AuthenticationScheme = IdentityConstants.BearerScheme;
                await signInManager.SignInWithClaimsAsync(user, isPersistent: false, await families.StartAsync(user, context.RequestAborted));
                return TypedResults.Empty;
            case SignInCheck.Throttled { RetryAfter: var retryAfter }:
                return ProblemResponses.RetryLater(context, retryAfter, StatusCodes.Status429TooManyRequests, "Too many failed sign-ins.",
                    $"Too many failed sign-ins from your address; try again in {ProblemResponses.RetryAfterSeconds(retryAfter)} s.");
            case SignInCheck.Busy:
                return ProblemResponses.RetryLater(context, TimeSpan.FromSeconds(1), StatusCodes.Status503ServiceUnavailable, "Too many sign-ins at once.",
                    "The dashboard is checking many passwords at once; try again in a second.");
            default:
                return TypedResults.Problem(SignInCheck.RefusedMessage, statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed");
        }
    }

    /// <summary>
    /// <c>POST /api/auth/refresh {"refreshToken"}</c>: new tokens, if the refresh token has not expired, has not been
    /// used before (<see cref="RefreshTokenFamilies"/>: a second use revokes its family) and the user may still sign in
    /// with the access it was issued for (same security stamp, not disabled).
    /// </summary>
    private static async Task<Results<EmptyHttpResult, ProblemHttpResult, ValidationProblem>> RefreshAsync(
        HttpContext context, SignInManager<IdentityUser> signInManager, IOptionsMonitor<BearerTokenOptions> bearer, RefreshTokenFamilies families,
        TimeProvider time)
    {
        var (request, problem) = await JsonBody.ReadAsync<RefreshRequest>(context.Request, JsonBody.AnonymousMaxBytes, context.RequestAborted);
        if (problem is not null)
            return problem;
        if (string.IsNullOrWhiteSpace(request!.RefreshToken))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["refreshToken"] = ["The refresh token is required."] });

        var ticket = bearer.Get(IdentityConstants.BearerScheme).RefreshTokenProtector.Unprotect(request.RefreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires || time.GetUtcNow() >= expires
            || await signInManager.ValidateSecurityStampAsync(ticket.Principal) is not { } user || UserAdministration.IsDisabled(user.LockoutEnd))
            return TypedResults.Problem("The refresh token has expired or its access was revoked; sign in again.",
                statusCode: StatusCodes.Status401Unauthorized, title: "Refresh refused");
        if (await families.RotateAsync(user, ticket.Principal, context.RequestAborted) is not { } next)
            return TypedResults.Problem("The refresh token was used before (each is good once: use the one the last refresh answered) or its family was revoked; sign in again.",
                statusCode: StatusCodes.Status401Unauthorized, title: "Refresh refused");

        signInManager.AuthenticationScheme = IdentityConstants.BearerScheme;
        await signInManager.SignInWithClaimsAsync(user, isPersistent: false, next);
        return TypedResults.Empty;
    }

    /// <summary><c>POST /api/auth/logout</c>: ends every session of the caller, tokens, cookies and connections alike.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> LogoutAsync(HttpContext context, UserSessions sessions)
    {
        await sessions.EndAllAsync(context.User);
        return TypedResults.NoContent();
    }
}
