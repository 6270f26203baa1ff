using JobQueue.Shared.Contracts;
using JobQueue.Worker.Logs;

namespace JobQueue.Worker.Events;

/// <summary>
/// The logger a handler gets for its job (<see cref="Handlers.JobContext.Logger"/>): each line goes to the job's log, which the
/// dashboard stores and shows live on the job's page, packed with the job's events by <see cref="JobEventPublisher"/>.
/// Writing never waits for the broker. An exception logged with a line is added to it (type, message and stack).
/// </summary>
public sealed class JobLogger(JobMessage job, string workerId, LogLevel minimum, JobEventPublisher publisher, TimeProvider time) : ILogger
{
    private long _lines;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= minimum;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
            return;
        var message = LogLineText.Of(state, exception, formatter, JobLogLine.MaxMessageLength);
        publisher.Log(new JobLogLine(job.JobId, job.Attempt, job.OwnerId, Interlocked.Increment(ref _lines),
            time.GetUtcNow().UtcDateTime, logLevel, message, workerId));
    }
}
