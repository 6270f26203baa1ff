namespace JobQueue.Client;

public static class JobStatusExtensions
{
    /// <summary>Succeeded, Failed or Cancelled: the job will not change again.</summary>
    public static bool IsTerminal(this JobStatus status) => status is JobStatus.Succeeded or JobStatus.Failed or JobStatus.Cancelled;
}
