using System.Globalization;
using System.Security.Claims;
using JobQueue.Dashboard.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace JobQueue.Dashboard.Identity;

/// <summary>
/// Refresh tokens rotate: each sign-in starts a family, and each refresh token carries its family and its own id (as
/// claims of the ticket it protects). The family's current id is kept in Identity's <c>AspNetUserTokens</c> (provider
/// <see cref="Provider"/>, name the family, value <c>id expiresTicks</c>); a refresh swaps it for a new one in one
/// conditional update, so a refresh token is good once. A token used again (stolen and replayed, or replayed by its
/// thief after its owner refreshed) finds another id there: the family is revoked, and neither holder can refresh.
/// </summary>
public sealed class RefreshTokenFamilies(JobQueueDbContext db, IOptions<AuthOptions> options, TimeProvider time, ILogger<RefreshTokenFamilies> logger)
{
    public const string Provider = "jobqueue-refresh";
    public const string FamilyClaim = "jq_refresh_family";
    public const string TokenClaim = "jq_refresh_token";

    /// <returns>The claims that start a new family, for a sign-in with a password; expired families of the user are forgotten.</returns>
    public async Task<Claim[]> StartAsync(IdentityUser user, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var family = Guid.NewGuid().ToString("N");
        var token = Guid.NewGuid().ToString("N");
        var mine = await db.UserTokens.Where(t => t.UserId == user.Id && t.LoginProvider == Provider).ToListAsync(cancellationToken);
        db.UserTokens.RemoveRange(mine.Where(t => Expiry(t.Value) <= now));
        db.UserTokens.Add(new IdentityUserToken<string> { UserId = user.Id, LoginProvider = Provider, Name = family, Value = Value(token, now) });
        await db.SaveChangesAsync(cancellationToken);
        return [new Claim(FamilyClaim, family), new Claim(TokenClaim, token)];
    }

    /// <returns>The claims of the family's next token, or null when this token was used before (the family is revoked) or its family is gone.</returns>
    public async Task<Claim[]?> RotateAsync(IdentityUser user, ClaimsPrincipal presented, CancellationToken cancellationToken)
    {
        if (presented.FindFirstValue(FamilyClaim) is not { } family || presented.FindFirstValue(TokenClaim) is not { } token)
            return null; // issued before rotation: sign in again
        var now = time.GetUtcNow().UtcDateTime;
        var current = await db.UserTokens.AsNoTracking()
            .Where(t => t.UserId == user.Id && t.LoginProvider == Provider && t.Name == family).Select(t => t.Value).FirstOrDefaultAsync(cancellationToken);
        if (current is null || Expiry(current) <= now)
            return null;
        var next = Guid.NewGuid().ToString("N");
        var swapped = current.StartsWith(token + " ", StringComparison.Ordinal)
            && await db.UserTokens.Where(t => t.UserId == user.Id && t.LoginProvider == Provider && t.Name == family && t.Value == current)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Value, Value(next, now)), cancellationToken) == 1;
        if (swapped)
            return [new Claim(FamilyClaim, family), new Claim(TokenClaim, next)];
        // A refresh token used a second time: whoever holds the family's tokens may not be their owner.
        await db.UserTokens.Where(t => t.UserId == user.Id && t.LoginProvider == Provider && t.Name == family).ExecuteDeleteAsync(cancellationToken);
        logger.LogWarning("A refresh token of user {UserId} was used again; its family of tokens is revoked", user.Id);
        return null;
    }

    private string Value(string token, DateTime now) =>
        $"{token} {(now + options.Value.RefreshTokenLifetime).Ticks.ToString(CultureInfo.InvariantCulture)}";

    private static DateTime Expiry(string? value) =>
        value?.Split(' ') is [_, var ticks] && long.TryParse(ticks, CultureInfo.InvariantCulture, out var t) ? new DateTime(t, DateTimeKind.Utc) : DateTime.MinValue;
}
