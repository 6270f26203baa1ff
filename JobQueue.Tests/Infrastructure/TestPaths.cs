namespace JobQueue.Tests.Infrastructure;

public static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Debug or Release: whichever the tests themselves were built as.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string DashboardDll => Output("JobQueue.Dashboard");
    public static string WorkerDll => Output("JobQueue.Worker");

    /// <summary>The example of a team's own worker (examples/WordCountWorker), with its <c>word_count</c> type.</summary>
    public static string WordCountWorkerDll => Output(Path.Combine("examples", "WordCountWorker"), "WordCountWorker");

    /// <summary>The example of a program that submits with the typed client (examples/SubmitFromCode).</summary>
    public static string SubmitFromCodeDll => Output(Path.Combine("examples", "SubmitFromCode"), "SubmitFromCode");

    /// <summary>Where process logs (and, later, screenshots) of a test run go: TestResults/logs under the repository.</summary>
    public static string LogDirectory { get; } = Directory.CreateDirectory(Path.Combine(FindRoot(), "TestResults", "logs")).FullName;

    public static string RabbitMqUri =>
        Environment.GetEnvironmentVariable("JOBQUEUE_RABBITMQ") is { Length: > 0 } uri ? uri : "amqp://guest:guest@localhost:5672/";

    private static string Output(string project) => Output(project, project);

    private static string Output(string folder, string project) =>
        Path.Combine(RepositoryRoot, folder, "bin", Configuration, "net10.0", $"{project}.dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "JobQueue.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No JobQueue.sln above {AppContext.BaseDirectory}.");
    }
}
