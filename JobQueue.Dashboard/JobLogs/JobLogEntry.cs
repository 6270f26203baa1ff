using JobQueue.Shared.Contracts;

namespace JobQueue.Dashboard.JobLogs;

/// <summary>A stored line of a job's log (<see cref="JobLogLine"/>); deleted with its job.</summary>
public sealed class JobLogEntry
{
    public long Id { get; init; }
    public Guid JobId { get; init; }
    public int Attempt { get; init; }
    public long Number { get; init; }
    public DateTime At { get; init; }
    public LogLevel Level { get; init; }
    public required string Message { get; init; }
    public string? WorkerId { get; init; }

    /// <param name="seal">How the message is stored (<see cref="Encryption.JobDataProtector.Seal"/>), after it is cut.</param>
    public static JobLogEntry From(JobLogLine line, Func<string, string> seal) => new()
    {
        JobId = line.JobId,
        Attempt = line.Attempt,
        Number = line.Number,
        At = line.At,
        Level = line.Level,
        Message = seal(line.Message.Length <= JobLogLine.MaxMessageLength ? line.Message : line.Message[..JobLogLine.MaxMessageLength]),
        WorkerId = line.WorkerId,
    };
}
