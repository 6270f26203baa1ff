namespace JobQueue.Tests.Infrastructure;

/// <summary>
/// <c>./run.sh</c> started by a test on the solution's build output (<c>JOBQUEUE_NO_BUILD=1</c>, links to the build
/// in a run directory of its own, which goes with it on dispose).
/// </summary>
public sealed class RunScript : IAsyncDisposable
{
    private RunScript(ManagedProcess process, string runDirectory) => (Process, RunDirectory) = (process, runDirectory);

    public ManagedProcess Process { get; }

    public string RunDirectory { get; }

    public static RunScript Start(string name, IReadOnlyDictionary<string, string> environment)
    {
        var runDirectory = Directory.CreateTempSubdirectory("jobqueue-run-").FullName;
        Directory.CreateSymbolicLink(Path.Combine(runDirectory, "dashboard"), Path.GetDirectoryName(TestPaths.DashboardDll)!);
        Directory.CreateSymbolicLink(Path.Combine(runDirectory, "worker"), Path.GetDirectoryName(TestPaths.WorkerDll)!);
        var all = new Dictionary<string, string>(environment)
        {
            ["JOBQUEUE_RUN_DIR"] = runDirectory,
            ["JOBQUEUE_NO_BUILD"] = "1",
        };
        var process = ManagedProcess.StartCommand(name, "bash", [Path.Combine(TestPaths.RepositoryRoot, "run.sh")], TestPaths.RepositoryRoot, all);
        return new RunScript(process, runDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        Directory.Delete(RunDirectory, recursive: true);
    }
}
