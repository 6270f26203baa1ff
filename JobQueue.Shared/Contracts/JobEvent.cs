namespace JobQueue.Shared.Contracts;

/// <summary>
/// One change in a job's life. Workers publish them on <c>jobqueue.events</c> as <c>job.&lt;kind&gt;</c>;
/// the dashboard publishes the changes it makes itself (scheduled, queued, cancelling, cancelled) as
/// <c>dashboard.job.&lt;kind&gt;</c>, which reach every live view but not the recorder, which has already stored them.
/// Workers also say when the job was submitted and when this attempt started, so queue wait and run time can be
/// measured from the stream alone. A <c>job.retrying</c> event carries the attempt that failed and when the next
/// one is due (<see cref="RetryAt"/>). While traces are collected, a worker's event carries the W3C <c>traceparent</c>
/// of the attempt's span (<see cref="Trace"/>), so the recorder's span joins the submit's trace although events of many
/// jobs share one message.
/// </summary>
public sealed record JobEvent(
    Guid JobId,
    JobEventKind Kind,
    int Attempt,
    string OwnerId,
    DateTime At,
    string? WorkerId = null,
    string? Type = null,
    string? Queue = null,
    double? Progress = null,
    string? Result = null,
    string? Error = null,
    bool Redelivered = false,
    DateTime? SubmittedAt = null,
    DateTime? StartedAt = null,
    DateTime? RetryAt = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    string? Trace = null)
{
    public JobStatus Status => Kind switch
    {
        JobEventKind.Scheduled => JobStatus.Scheduled,
        JobEventKind.Queued => JobStatus.Queued,
        JobEventKind.Started or JobEventKind.Progress => JobStatus.Running,
        JobEventKind.Retrying => JobStatus.Retrying,
        JobEventKind.Cancelling => JobStatus.Cancelling,
        JobEventKind.Succeeded => JobStatus.Succeeded,
        JobEventKind.Failed => JobStatus.Failed,
        JobEventKind.Cancelled => JobStatus.Cancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, null),
    };

    [System.Text.Json.Serialization.JsonIgnore]
    public string KindName => Kind.ToString().ToLowerInvariant();
}
