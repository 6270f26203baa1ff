namespace JobQueue.Shared.Contracts;

/// <summary>
/// Several job events in one message, published as <c>job.batch</c> (by a worker) or <c>dashboard.job.batch</c> (by a
/// dashboard) when more than one is ready at once: at thousands of jobs a second the broker's cost is per message,
/// not per event. Events are in the order they happened; a reader applies them one by one as if they came alone.
/// A worker's batch also carries the job log lines its handlers wrote meanwhile (<see cref="Lines"/>, in order); a
/// message with lines is always a batch, even with one event or none.
/// </summary>
public sealed record JobEventBatch(
    IReadOnlyList<JobEvent> Events,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<JobLogLine>? Lines = null)
{
    public const string KindName = "batch";
}
