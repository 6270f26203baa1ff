using JobQueue.Dashboard.Audit;

namespace JobQueue.Dashboard.Identity;

/// <summary>Who acts, for the audit trail: the caller of an API request, or the signed-in user of a page.</summary>
public static class Actors
{
    public static Actor Actor(this JobViewer viewer, string? address, string via) => new(viewer.UserId, viewer.Name, address, via);

    /// <summary>The signed-in user of a page, from its circuit's address.</summary>
    public static Actor Actor(this JobViewer viewer, CircuitOrigin origin) => viewer.Actor(origin.Address, Audit.Actor.Dashboard);

    /// <summary>The signed-in caller of this API request, from its address.</summary>
    public static Actor Actor(this HttpContext context) =>
        JobViewer.From(context.User).Actor(context.Connection.RemoteIpAddress?.ToString(), Audit.Actor.Api);
}
