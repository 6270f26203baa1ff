using JobQueue.Shared.Contracts;
using JobQueue.Shared.State;

namespace JobQueue.Dashboard.Jobs;

/// <summary>A stored timeline entry of a job (the submit is not stored: it follows from the job's CreatedAt).</summary>
public sealed class JobTimelineEntry
{
    /// <summary>The longest note kept (in clear; sealed, the stored text is longer).</summary>
    public const int MaxNoteLength = 500;

    public long Id { get; init; }
    public Guid JobId { get; init; }
    public JobStatus Status { get; init; }
    public DateTime At { get; init; }
    public int Attempt { get; init; }
    public string? WorkerId { get; init; }
    public string? Note { get; init; }

    public static JobTimelineEntry From(Guid jobId, JobStep step) =>
        new() { JobId = jobId, Status = step.Status, At = step.At, Attempt = step.Attempt, WorkerId = step.WorkerId, Note = step.Note };

    public static string Cut(string note) => note.Length <= MaxNoteLength ? note : note[..MaxNoteLength];

    public JobTimelineEntry WithNote(string? note) =>
        new() { Id = Id, JobId = JobId, Status = Status, At = At, Attempt = Attempt, WorkerId = WorkerId, Note = note };

    public JobStep ToStep() => new(Status, At, Attempt, WorkerId, Note);
}
