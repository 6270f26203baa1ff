using System.Security.Claims;
using System.Text.Encodings.Web;
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
            // The database does not answer: the key cannot be checked, so it is not taken (401; the worker tries again).
            Logger.LogWarning(ex, "Could not check a worker key");
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
}
