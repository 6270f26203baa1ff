using System.Security.Claims;

namespace JobQueue.Dashboard.Identity;

/// <summary>The signed-in user as the job rules see them.</summary>
public sealed record JobViewer(string UserId, string Name, bool IsAdmin)
{
    public static JobViewer From(ClaimsPrincipal principal) => new(
        principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("The principal has no user id."),
        principal.Identity?.Name ?? "",
        principal.IsInRole(Roles.Admin));
}
