using System.Security.Claims;

namespace JobQueue.Dashboard.Identity;

public static class Roles
{
    public const string Admin = "Admin";
    public const string User = "User";

    /// <summary>The users' roles (a worker key's <see cref="Worker"/> is not one).</summary>
    public static readonly string[] All = [Admin, User];

    /// <summary>The role of a request authenticated with a worker key: it may call the HTTP worker endpoints and nothing else.</summary>
    public const string Worker = "Worker";
}

/// <summary>The signed-in user as the job rules see them.</summary>
public sealed record JobViewer(string UserId, string Name, bool IsAdmin)
{
    public static JobViewer From(ClaimsPrincipal principal) => new(
        principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("The principal has no user id."),
        principal.Identity?.Name ?? "",
        principal.IsInRole(Roles.Admin));
}
