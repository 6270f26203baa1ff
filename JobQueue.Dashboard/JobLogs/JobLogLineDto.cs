using JobQueue.Shared.Contracts;

namespace JobQueue.Dashboard.JobLogs;

/// <summary>A line of a job's log as the API and the job page show it. <see cref="Id"/> is null for a line not read from the database (a live one).</summary>
public sealed record JobLogLineDto(long? Id, int Attempt, long Number, DateTime At, string Level, string Message, string? WorkerId)
{
    /// <param name="message">The entry's message, opened (<see cref="Encryption.JobDataProtector.Open"/>).</param>
    public static JobLogLineDto From(JobLogEntry entry, string message) =>
        new(entry.Id, entry.Attempt, entry.Number, entry.At, entry.Level.ToString(), message, entry.WorkerId);

    public static JobLogLineDto From(JobLogLine line) =>
        new(null, line.Attempt, line.Number, line.At, line.Level.ToString(), line.Message, line.WorkerId);
}
