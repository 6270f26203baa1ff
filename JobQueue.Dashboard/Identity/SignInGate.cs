using Microsoft.AspNetCore.Identity;

namespace JobQueue.Dashboard.Identity;

/// <summary>
/// Checks an email and password for the API and the sign-in form alike. Every refusal is the same answer after the
/// same work (one password hash), whether the email is unknown, the password wrong, or the account locked or disabled,
/// so neither the answer nor its time tells which accounts exist. Failures count against the client's address and
/// against that account from that address (<see cref="LoginThrottle"/>); Identity's own account-wide lockout is not used.
/// </summary>
public sealed class SignInGate(UserManager<IdentityUser> users, LoginThrottle throttle, ILogger<SignInGate> logger)
{
    private static readonly IdentityUser Decoy = new();

    public async Task<SignInCheck> CheckAsync(string? email, string? password, HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (throttle.AddressBlocked(address) is { } retryAfter)
        {
            logger.LogWarning("Refused a sign-in from {Address}: too many failed sign-ins from there", address);
            return new SignInCheck.Throttled(retryAfter);
        }
        using var lease = await throttle.PasswordCheckAsync(context.RequestAborted);
        if (!lease.IsAcquired)
            return new SignInCheck.Busy();

        var user = string.IsNullOrWhiteSpace(email) ? null : await users.FindByEmailAsync(email.Trim());
        password ??= "";
        if (user is null || UserAdministration.IsDisabled(user.LockoutEnd) || user.PasswordHash is null || throttle.AccountBlocked(user.Id, address))
        {
            // The same work a real check does, so the time says nothing either.
            users.PasswordHasher.VerifyHashedPassword(Decoy, throttle.DecoyHash, password);
            throttle.Failed(address, user?.Id);
            return new SignInCheck.Refused();
        }
        if (!await users.CheckPasswordAsync(user, password))
        {
            throttle.Failed(address, user.Id);
            return new SignInCheck.Refused();
        }
        return new SignInCheck.Passed(user);
    }
}
