using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace JobQueue.Dashboard.Identity;

/// <summary>
/// An open Blazor circuit checks its session every <see cref="AuthOptions.RevalidationInterval"/>: once it is revoked
/// the circuit's user becomes anonymous, so its pages give way to the sign-in page and stop receiving live events.
/// </summary>
public sealed class RevalidatingSessionStateProvider(ILoggerFactory loggerFactory, SessionValidator sessions, IOptions<AuthOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => options.Value.RevalidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        await sessions.CheckAsync(authenticationState.User, cancellationToken) != SessionState.Revoked;
}
