using System.Collections.Concurrent;
using System.Security.Claims;
using JobQueue.Dashboard.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace JobQueue.Dashboard.Identity;

/// <summary>
/// Whether a session (a bearer token, a cookie, a circuit, a hub connection) still stands: every one carries the
/// user's security stamp from when it began, and every change to a user's access (disable, role, password, sign-out)
/// gives the user a new stamp. A user's current stamp is read at most once per <see cref="AuthOptions.RevalidationInterval"/>
/// (and again, at most once a second, when a session shows a stamp that differs from it); a change made on this
/// instance is seen at once (<see cref="Revoke"/>), one made on another within that interval.
/// </summary>
public sealed class SessionValidator(IServiceScopeFactory scopes, IOptions<AuthOptions> options, IOptions<IdentityOptions> identity,
    TimeProvider time, ILogger<SessionValidator> logger)
{
    private static readonly TimeSpan MinimumRereadInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, UserState> _users = new(StringComparer.Ordinal);
    private readonly string _stampClaim = identity.Value.ClaimsIdentity.SecurityStampClaimType;

    private sealed record UserState(bool Exists, string? Stamp, bool Disabled, DateTime ReadAt)
    {
        public bool Admits(string stamp) => Exists && !Disabled && string.Equals(Stamp, stamp, StringComparison.Ordinal);
    }

    /// <summary>Raised with a user's id when this instance ended their sessions, so open connections can be closed at once.</summary>
    public event Action<string>? Revoked;

    public async ValueTask<SessionState> CheckAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (principal.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId || principal.FindFirstValue(_stampClaim) is not { } stamp)
            return SessionState.Revoked;
        var now = time.GetUtcNow().UtcDateTime;
        var known = _users.GetValueOrDefault(userId);
        if (known is not null)
        {
            var age = now - known.ReadAt;
            if (age < options.Value.RevalidationInterval && known.Admits(stamp))
                return SessionState.Current;
            // A stamp that differs may be newer than the one read (changed on another instance): read again, but not
            // more than once a second for one user, however many revoked tokens knock.
            if (age < MinimumRereadInterval)
                return known.Admits(stamp) ? SessionState.Current : SessionState.Revoked;
        }
        try
        {
            known = await ReadAsync(userId, now, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not read user {UserId} to check a session; going by what was read before", userId);
            return known is null ? SessionState.Unknown : known.Admits(stamp) ? SessionState.Current : SessionState.Revoked;
        }
        _users[userId] = known;
        return known.Admits(stamp) ? SessionState.Current : SessionState.Revoked;
    }

    /// <summary>Says that the user's sessions ended here (their stamp was just changed): forget what was read, close what is open.</summary>
    public void Revoke(string userId)
    {
        _users.TryRemove(userId, out _);
        Revoked?.Invoke(userId);
    }

    private async Task<UserState> ReadAsync(string userId, DateTime now, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.SecurityStamp, u.LockoutEnd }).FirstOrDefaultAsync(cancellationToken);
        return user is null
            ? new UserState(false, null, false, now)
            : new UserState(true, user.SecurityStamp, UserAdministration.IsDisabled(user.LockoutEnd), now);
    }
}
