using JobQueue.Dashboard.Audit;
using JobQueue.Dashboard.Broker;
using JobQueue.Shared.Contracts;

namespace JobQueue.Dashboard.Workers;

/// <summary>Sends an admin's control to one worker over <c>jobqueue.control</c>; the worker confirms in its next heartbeat.</summary>
public sealed class WorkerControl(WorkerRegistry registry, BrokerGateway broker, AuditLog audit)
{
    /// <returns>The worker as last seen, or null when no running worker has that id.</returns>
    public async Task<WorkerView?> SendAsync(string workerId, ControlCommandKind kind, int? concurrency, Actor by, CancellationToken cancellationToken)
    {
        if (registry.Find(workerId) is not { State: not WorkerDisplayState.Stopped } worker)
            return null;
        await broker.PublishControlAsync(new ControlCommand(kind, WorkerId: workerId, Concurrency: concurrency), cancellationToken);
        await audit.RecordAsync(by, kind switch
        {
            ControlCommandKind.Pause => AuditActions.WorkerPaused,
            ControlCommandKind.Resume => AuditActions.WorkerResumed,
            ControlCommandKind.Drain => AuditActions.WorkerDrained,
            ControlCommandKind.SetConcurrency => AuditActions.WorkerConcurrencySet,
            _ => $"worker.{kind.ToString().ToLowerInvariant()}",
        }, workerId, concurrency is { } n ? $"concurrency {n}" : null);
        return worker;
    }
}
