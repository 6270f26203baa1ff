using JobQueue.Dashboard.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace JobQueue.Dashboard.Identity;

/// <summary>
/// What admins do with users, for the Users page and the REST API alike. A change to a user's access (role, disabled)
/// gives them a new security stamp, which ends every session they have (<see cref="SessionValidator"/>). Each change
/// is recorded in the audit trail.
/// </summary>
public sealed class UserAdministration(UserManager<IdentityUser> users, SessionValidator sessions, AuditLog audit)
{
    /// <summary>A disabled user is locked out with no end: <see cref="SetDisabledAsync"/>.</summary>
    public static bool IsDisabled(DateTimeOffset? lockoutEnd) => lockoutEnd == DateTimeOffset.MaxValue;

    public async Task<IReadOnlyList<UserDto>> ListAsync()
    {
        var list = new List<UserDto>();
        foreach (var user in await users.Users.OrderBy(u => u.Email).ToListAsync())
            list.Add(await DtoAsync(user));
        return list;
    }

    public async Task<UserChange> CreateAsync(CreateUserRequest request, Actor by)
    {
        var role = string.IsNullOrEmpty(request.Role) ? Roles.User : request.Role;
        var errors = new Dictionary<string, string[]>();
        if (!Roles.All.Contains(role))
            errors["role"] = [$"The role must be one of {string.Join(", ", Roles.All)}."];
        if (string.IsNullOrWhiteSpace(request.Email))
            errors["email"] = ["The email is required."];
        if (string.IsNullOrEmpty(request.Password))
            errors["password"] = ["The password is required."];
        else if (request.Password.Length > IdentityExtensions.MaxPasswordLength)
            errors["password"] = [$"The password must be at most {IdentityExtensions.MaxPasswordLength} characters long."];
        if (errors.Count > 0)
            return new UserChange.Invalid(errors);

        var user = new IdentityUser { UserName = request.Email!.Trim(), Email = request.Email.Trim(), EmailConfirmed = true };
        var created = await users.CreateAsync(user, request.Password!);
        if (!created.Succeeded)
            return new UserChange.Invalid(created.Errors
                .GroupBy(e => e.Code.Contains("Password", StringComparison.Ordinal) ? "password" : "email")
                .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray()));
        await users.AddToRolesAsync(user, RolesFor(role));
        await audit.RecordAsync(by, AuditActions.UserCreated, user.Email, $"role {role}");
        return new UserChange.Done(await DtoAsync(user));
    }

    public async Task<UserChange> SetRoleAsync(string userId, string role, Actor by)
    {
        var actingUserId = by.UserId;
        if (!Roles.All.Contains(role))
            return Invalid("role", $"The role must be one of {string.Join(", ", Roles.All)}.");
        if (userId == actingUserId && role != Roles.Admin)
            return Invalid("role", "You cannot take the Admin role from yourself; another admin can.");
        if (await users.FindByIdAsync(userId) is not { } user)
            return new UserChange.NotFound();
        await users.RemoveFromRolesAsync(user, await users.GetRolesAsync(user));
        await users.AddToRolesAsync(user, RolesFor(role));
        await users.UpdateSecurityStampAsync(user);
        sessions.Revoke(user.Id);
        await audit.RecordAsync(by, AuditActions.UserRoleSet, user.Email ?? user.Id, $"role {role}");
        return new UserChange.Done(await DtoAsync(user));
    }

    /// <summary>A disabled user cannot sign in, and their sessions end: they are locked out with no end, which keeps their jobs' history.</summary>
    public async Task<UserChange> SetDisabledAsync(string userId, bool disabled, Actor by)
    {
        if (userId == by.UserId && disabled)
            return Invalid("disabled", "You cannot disable your own account.");
        if (await users.FindByIdAsync(userId) is not { } user)
            return new UserChange.NotFound();
        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, disabled ? DateTimeOffset.MaxValue : null);
        await users.UpdateSecurityStampAsync(user);
        sessions.Revoke(user.Id);
        await audit.RecordAsync(by, disabled ? AuditActions.UserDisabled : AuditActions.UserEnabled, user.Email ?? user.Id);
        return new UserChange.Done(await DtoAsync(user));
    }

    private static string[] RolesFor(string role) => role == Roles.Admin ? Roles.All : [Roles.User];

    private static UserChange.Invalid Invalid(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });

    private async Task<UserDto> DtoAsync(IdentityUser user) => new(
        user.Id,
        user.Email ?? user.UserName ?? "",
        (await users.IsInRoleAsync(user, Roles.Admin)) ? Roles.Admin : Roles.User,
        IsDisabled(user.LockoutEnd));
}
