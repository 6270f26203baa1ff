using Microsoft.AspNetCore.Components.Server.Circuits;

namespace JobQueue.Dashboard.Telemetry;

/// <summary>Counts the open Blazor circuits (the pages' live connections) in <c>jobqueue.live.clients</c>.</summary>
public sealed class CircuitCounter(DashboardTelemetry telemetry) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        telemetry.ClientConnected(DashboardTelemetry.CircuitClient);
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        telemetry.ClientDisconnected(DashboardTelemetry.CircuitClient);
        return Task.CompletedTask;
    }
}
