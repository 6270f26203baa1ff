using System.Diagnostics;

namespace JobQueue.Tests.Infrastructure;

/// <summary>
/// The local 3-node RabbitMQ cluster of <c>scripts/cluster.sh</c>, started once per test run by the first test that
/// needs it (about 30 s) and stopped by test.sh at the end when it started it. Its nodes can be killed and started again.
/// </summary>
public static class LocalCluster
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static bool _started;

    public static async Task EnsureStartedAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (!_started)
                await RunAsync(TimeSpan.FromMinutes(5), "start");
            _started = true;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>SIGKILL of node <paramref name="node"/> (1 to 3): a crash, no clean shutdown.</summary>
    public static Task KillNodeAsync(int node) => RunAsync(TimeSpan.FromSeconds(30), "kill", node.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Starts node <paramref name="node"/> again; it rejoins the cluster by itself.</summary>
    public static Task StartNodeAsync(int node) => RunAsync(TimeSpan.FromMinutes(3), "start-node", node.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>How many of the cluster's nodes run now.</summary>
    public static async Task<int> RunningNodesAsync() =>
        (await RunAsync(TimeSpan.FromSeconds(60), "status")).Split('\n').Count(l => l.Contains(" running", StringComparison.Ordinal));

    private static async Task<string> RunAsync(TimeSpan timeout, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(Path.Combine(TestPaths.RepositoryRoot, "scripts", "cluster.sh"), arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"scripts/cluster.sh {string.Join(' ', arguments)} did not finish within {timeout}: {await errors}");
        }
        process.ExitCode.ShouldBe(0, $"scripts/cluster.sh {string.Join(' ', arguments)}: {await output}{await errors}");
        return await output;
    }
}
