using JobQueue.Dashboard.Identity;
using JobQueue.Dashboard.Telemetry;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace JobQueue.Dashboard.Live;

/// <summary>
/// <c>/hubs/jobs</c>: pushes <c>JobChanged</c> and <c>JobLogged</c> (a user's own jobs; every job to admins), <c>WorkerHeartbeat</c>,
/// <c>WorkerStopped</c> and <c>QueueStats</c> (and <c>WorkerLogged</c>, a worker's own log lines, to admins) to non-Blazor clients. Messages only flow out; the REST API takes commands.
/// A connection ends when its user's access is revoked (<see cref="HubSessions"/>) or its bearer token expires.
/// </summary>
[Authorize]
public sealed class JobsHub(HubSessions sessions, DashboardTelemetry telemetry) : Hub
{
    public const string Path = "/hubs/jobs";
    public const string AdminsGroup = "admins";

    public static string UserGroup(string userId) => $"user:{userId}";

    public override async Task OnConnectedAsync()
    {
        var viewer = JobViewer.From(Context.User!);
        sessions.Add(Context);
        telemetry.ClientConnected(DashboardTelemetry.HubClient);
        await Groups.AddToGroupAsync(Context.ConnectionId, viewer.IsAdmin ? AdminsGroup : UserGroup(viewer.UserId));
        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        sessions.Remove(Context);
        telemetry.ClientDisconnected(DashboardTelemetry.HubClient);
        return base.OnDisconnectedAsync(exception);
    }
}
