namespace JobQueue.Worker.Handlers;

/// <summary>What a handler knows of the job it runs, and how it reports back while it runs.</summary>
/// <param name="reportProgress">Reports progress in percent (0 to 100).</param>
/// <param name="logger">The job's own log, shown live on its page in the dashboard (<see cref="Events.JobLogger"/>).</param>
public sealed class JobContext(Guid jobId, int attempt, int maxAttempts, Func<double, Task> reportProgress, ILogger logger)
{
    public Guid JobId { get; } = jobId;

    /// <summary>1 for the first run.</summary>
    public int Attempt { get; } = attempt;

    public int MaxAttempts { get; } = maxAttempts;

    /// <summary>The job's own log: every line is stored with the job and shown live on its page.</summary>
    public ILogger Logger { get; } = logger;

    /// <summary>Reports progress in percent (0 to 100); the dashboard shows it at once. Progress only rises.</summary>
    public Task ReportProgressAsync(double percent) => reportProgress(percent);

    /// <summary>Writes a line to the job's log at Information.</summary>
    public void Log(string message) => Logger.Log(LogLevel.Information, default, message, null, static (text, _) => text);
}
