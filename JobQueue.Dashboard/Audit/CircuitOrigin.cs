using Microsoft.AspNetCore.Components.Server.Circuits;

namespace JobQueue.Dashboard.Audit;

/// <summary>
/// The address a page's circuit connects from (its SignalR connection's), for the audit trail: a page has no request
/// of its own when an admin clicks. One per circuit; read when the connection comes up (again after a reconnect).
/// </summary>
public sealed class CircuitOrigin(IHttpContextAccessor http) : CircuitHandler
{
    public string? Address { get; private set; }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Address = http.HttpContext?.Connection.RemoteIpAddress?.ToString() ?? Address;
        return Task.CompletedTask;
    }
}
