namespace JobQueue.Shared.Messaging;

/// <summary>
/// The headers a message on <c>jobqueue.dead</c> carries, besides the original body: why it died, after how many
/// attempts, from which queue and on which worker. Messages dead-lettered by the broker itself (a reject, a
/// length limit) carry RabbitMQ's <c>x-death</c> header instead.
/// </summary>
public static class DeadLetterHeaders
{
    public const string Reason = "x-jobqueue-reason";
    public const string Attempts = "x-jobqueue-attempts";
    public const string Queue = "x-jobqueue-queue";
    public const string Worker = "x-jobqueue-worker";

    public const string MessageType = "job.dead";

    /// <summary>Reasons are exception messages; a header is no place for a whole stack of them.</summary>
    public const int MaxReasonLength = 2000;

    public static string Truncate(string reason) => reason.Length <= MaxReasonLength ? reason : reason[..MaxReasonLength];
}
