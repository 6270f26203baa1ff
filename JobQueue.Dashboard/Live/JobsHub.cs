using JobQueue.Dashboard.Identity;
using JobQueue.Dashboard.Telemetry;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace JobQueue.Dashboard.Live;

/// <summary>
/// <c>/hubs/jobs</c>: pushes <c>JobChanged</c> and <c>JobLogged</c> (a user's own jobs; every job to admins), <c>WorkerHeartbeat</c>,
/// <c>WorkerStopped</c> and <c>QueueStats</c> (and <c>WorkerLogged</c>, a worker's own log lines, to admins) to non-Blazor clients. Messages only flow out; the REST API takes commands.
/// A connection joins its group after the handshake its client's start waits for, so <see cref="Ready"/> is how a client
/// knows it hears its jobs: an invocation runs only once the connection has joined.
/// A connection ends when its user's access is revoked (<see cref="HubSessions"/>) or its bearer token expires.
/// </summary>
[Authorize]
public sealed class JobsHub(HubSessions sessions, DashboardTelemetry telemetry, IOptions<LiveOptions> options) : Hub
{
    public const string Path = "/hubs/jobs";
    public const string AdminsGroup = "admins";

    public static string UserGroup(string userId) => $"user:{userId}";

    public override async Task OnConnectedAsync()
    {
        var viewer = JobViewer.From(Context.User!);
        var most = options.Value.MaxHubConnectionsPerUser;
        if (!sessions.TryAdd(Context, most))
            throw new HubException($"You have {most} connections open to this dashboard's hub, the most one user may (Live:MaxHubConnectionsPerUser); close one first.");
        telemetry.ClientConnected(DashboardTelemetry.HubClient);
        await Groups.AddToGroupAsync(Context.ConnectionId, viewer.IsAdmin ? AdminsGroup : UserGroup(viewer.UserId));
        await base.OnConnectedAsync();
    }

    /// <summary>
    /// Answers once this connection hears its jobs (SignalR runs invocations only after <see cref="OnConnectedAsync"/>):
    /// a client that must not miss an event of a job it is about to submit or read calls it after connecting and after
    /// each reconnect. It says which jobs the connection hears.
    /// </summary>
    public HubReady Ready() => new(JobViewer.From(Context.User!).IsAdmin);

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        sessions.Remove(Context);
        telemetry.ClientDisconnected(DashboardTelemetry.HubClient);
        return base.OnDisconnectedAsync(exception);
    }
}
