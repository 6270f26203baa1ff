using System.Text.Json;

namespace JobQueue.Worker.Handlers;

/// <summary>Runs one job type. Register an implementation with <c>AddJobHandler&lt;T&gt;()</c> and the worker runs that type.</summary>
public interface IJobHandler
{
    /// <summary>The job type name this handler runs, e.g. <c>reverse_string</c>.</summary>
    string JobType { get; }

    /// <returns>The job's result, shown to the user as text.</returns>
    Task<string> RunAsync(JobContext context, CancellationToken cancellationToken);
}

/// <param name="ReportProgress">Reports progress in percent (0 to 100).</param>
/// <param name="Logger">The job's own log, shown live on its page in the dashboard (<see cref="JobLogger"/>).</param>
public sealed record JobContext(Guid JobId, JsonElement Payload, int Attempt, Func<double, Task> ReportProgress, ILogger Logger)
{
    /// <summary>Writes a line to the job's log at Information.</summary>
    public void Log(string message) => Logger.Log(LogLevel.Information, default, message, null, static (text, _) => text);
}

/// <summary>The payload does not follow its job type's rule; running the job again cannot help.</summary>
public sealed class InvalidPayloadException(string message) : Exception(message);
