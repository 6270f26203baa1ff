using System.Reflection;

namespace JobQueue.Worker.Core;

/// <summary>Who this worker process is, as its heartbeats tell it.</summary>
public sealed class WorkerIdentity
{
    public WorkerIdentity(Microsoft.Extensions.Options.IOptions<WorkerOptions> options, TimeProvider time)
    {
        Host = Environment.MachineName;
        Pid = Environment.ProcessId;
        Id = string.IsNullOrWhiteSpace(options.Value.Id) ? $"{Host}-{Pid}" : options.Value.Id;
        StartedAt = time.GetUtcNow().UtcDateTime;
    }

    public string Id { get; }
    public string Host { get; }
    public int Pid { get; }
    public DateTime StartedAt { get; }

    public static string Version { get; } =
        typeof(WorkerIdentity).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";
}
