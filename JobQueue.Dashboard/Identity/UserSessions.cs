using System.Security.Claims;
using Microsoft.AspNetCore.Identity;

namespace JobQueue.Dashboard.Identity;

/// <summary>Ends all of a user's sessions, as signing out does: a new security stamp, and this instance's open connections closed.</summary>
public sealed class UserSessions(UserManager<IdentityUser> users, SessionValidator sessions)
{
    public async Task EndAllAsync(ClaimsPrincipal principal)
    {
        if (await users.GetUserAsync(principal) is not { } user)
            return;
        await users.UpdateSecurityStampAsync(user);
        sessions.Revoke(user.Id);
    }
}
