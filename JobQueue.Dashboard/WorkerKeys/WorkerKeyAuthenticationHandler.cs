using System.Security.Claims;
using System.Text.Encodings.Web;
using JobQueue.Dashboard.Api;
using JobQueue.Dashboard.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace JobQueue.Dashboard.WorkerKeys;

/// <summary>
/// Authenticates <c>Authorization: Bearer jqwk_...</c> as the worker key it is, read from the database on every
/// request (a revoked key is refused at once). The principal is in the <see cref="Roles.Worker"/> role only, which no
/// user endpoint accepts.
/// </summary>
public sealed class WorkerKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger,
    UrlEncoder encoder, WorkerKeyStore keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string KeyItem = "jobqueue.worker-key";
    private const string UncheckedItem = "jobqueue.worker-key-unchecked";

    /// <summary>The worker key the request was authenticated with.</summary>
    public static WorkerKeyDto KeyOf(HttpContext context) =>
        context.Items[KeyItem] as WorkerKeyDto ?? throw new InvalidOperationException("The request was not authenticated with a worker key.");

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer " + WorkerKeyStore.Prefix, StringComparison.Ordinal))
            return AuthenticateResult.NoResult();
        WorkerKeyDto? key;
        try
        {
            key = await keys.FindAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        }
        catch (Exception ex) when (!Context.RequestAborted.IsCancellationRequested)
        {
            // The database does not answer: the key cannot be checked, so it is not taken, and the challenge says why
            // (503 with Retry-After, not 401: the key is not wrong, and the worker should try again, not give up).
            Logger.LogWarning(ex, "Could not check a worker key");
            Context.Items[UncheckedItem] = true;
            return AuthenticateResult.Fail("The worker key could not be checked.");
        }
        if (key is null)
            return AuthenticateResult.Fail("The worker key is unknown or revoked.");
        Context.Items[KeyItem] = key;
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, $"worker-key:{key.Id}"),
            new Claim(ClaimTypes.Name, key.Name),
            new Claim(ClaimTypes.Role, Roles.Worker),
        ], Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items.ContainsKey(UncheckedItem))
        {
            Response.SetRetryAfter(TimeSpan.FromSeconds(5));
            await Context.WriteProblemAsync(StatusCodes.Status503ServiceUnavailable, "The worker key could not be checked",
                "The dashboard cannot reach its database to check the worker key just now; try again shortly.");
            return;
        }
        await base.HandleChallengeAsync(properties);
    }
}
