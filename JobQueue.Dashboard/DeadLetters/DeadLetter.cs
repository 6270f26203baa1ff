namespace JobQueue.Dashboard.DeadLetters;

/// <summary>
/// A message that reached <c>jobqueue.dead</c>: a job whose attempts were used up, or a message no worker could
/// read. Kept here, out of the broker, so admins can list, requeue and delete them one by one.
/// </summary>
public sealed class DeadLetter
{
    public const int MaxBodyLength = 64 * 1024;

    public long Id { get; init; }

    /// <summary>The job's owner, whose key seals <see cref="Reason"/> and <see cref="Body"/>; null for a message that could not be read as a job (sealed for no owner).</summary>
    public string? OwnerId { get; set; }

    /// <summary>Null for a message that could not be read as a job.</summary>
    public Guid? JobId { get; init; }

    public string? Type { get; set; }
    public string? Queue { get; set; }
    public required string Reason { get; set; }
    public int Attempts { get; set; }
    public string? WorkerId { get; set; }
    public DateTime DeadAt { get; set; }

    /// <summary>The message body as text (cut at <see cref="MaxBodyLength"/>).</summary>
    public required string Body { get; set; }
}
