using JobQueue.Dashboard.Broker;
using JobQueue.Shared.Contracts;

namespace JobQueue.Dashboard.Workers;

/// <summary>Sends an admin's control to one worker over <c>jobqueue.control</c>; the worker confirms in its next heartbeat.</summary>
public sealed class WorkerControl(WorkerRegistry registry, BrokerGateway broker)
{
    /// <returns>The worker as last seen, or null when no running worker has that id.</returns>
    public async Task<WorkerView?> SendAsync(string workerId, ControlCommandKind kind, int? concurrency, CancellationToken cancellationToken)
    {
        if (registry.Find(workerId) is not { State: not WorkerDisplayState.Stopped } worker)
            return null;
        await broker.PublishControlAsync(new ControlCommand(kind, WorkerId: workerId, Concurrency: concurrency), cancellationToken);
        return worker;
    }
}
