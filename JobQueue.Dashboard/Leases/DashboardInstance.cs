namespace JobQueue.Dashboard.Leases;

/// <summary>Who this dashboard process is among the instances that share a database and a broker.</summary>
public sealed class DashboardInstance
{
    /// <summary>Unique per process start: the machine, the process id and a random part (a restarted process is a new instance).</summary>
    public string Id { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
}
