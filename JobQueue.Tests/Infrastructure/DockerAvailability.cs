using System.Net.Sockets;
using System.Text;

namespace JobQueue.Tests.Infrastructure;

/// <summary>A fact that reports itself skipped, with the reason, where no Docker engine answers (Testcontainers needs one).</summary>
public sealed class DockerFactAttribute : FactAttribute
{
    public DockerFactAttribute()
    {
        if (DockerAvailability.Reason is { } reason)
            Skip = reason;
    }
}

public static class DockerAvailability
{
    private static readonly Lazy<string?> Unavailable = new(Probe);

    /// <summary>null when a Docker engine answers; otherwise why the Docker tests cannot run here.</summary>
    public static string? Reason => Unavailable.Value;

    private static string? Probe()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (host is { Length: > 0 } && !host.StartsWith("unix://", StringComparison.Ordinal))
            return null; // A remote engine: let Testcontainers try it.
        var socketPath = host is { Length: > 0 } ? host["unix://".Length..] : "/var/run/docker.sock";
        if (!File.Exists(socketPath))
            return $"No Docker engine is reachable ({socketPath} does not exist), so Testcontainers cannot start SQL Server.";
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
            socket.Send(Encoding.ASCII.GetBytes("GET /_ping HTTP/1.0\r\n\r\n"));
            var buffer = new byte[64];
            var read = socket.Receive(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).Contains(" 200 ", StringComparison.Ordinal)
                ? null
                : $"The Docker engine at {socketPath} did not answer its ping, so Testcontainers cannot start SQL Server.";
        }
        catch (SocketException ex)
        {
            return $"No Docker engine answers at {socketPath} ({ex.Message}), so Testcontainers cannot start SQL Server.";
        }
    }
}
