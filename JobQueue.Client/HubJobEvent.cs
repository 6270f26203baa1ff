namespace JobQueue.Client;

/// <summary>A job event as the hub pushes it (<c>JobChanged</c>, or one of <c>JobsChanged</c>).</summary>
internal sealed record HubJobEvent(Guid JobId, string Kind, int Attempt, DateTime At, string? WorkerId = null, double? Progress = null,
    string? Result = null, string? Error = null)
{
    public JobChange? ToChange() => Kind switch
    {
        "Scheduled" => Change(JobStatus.Scheduled),
        "Queued" => Change(JobStatus.Queued),
        "Started" => Change(JobStatus.Running),
        "Progress" => Change(JobStatus.Running),
        "Retrying" => Change(JobStatus.Retrying),
        "Cancelling" => Change(JobStatus.Cancelling),
        "Succeeded" => Change(JobStatus.Succeeded),
        "Failed" => Change(JobStatus.Failed),
        "Cancelled" => Change(JobStatus.Cancelled),
        _ => null,
    };

    private JobChange Change(JobStatus status) => new(JobId, status, Attempt, At, Progress, WorkerId, Result, Error);
}
