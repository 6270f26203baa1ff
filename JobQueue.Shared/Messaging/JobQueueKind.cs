namespace JobQueue.Shared.Messaging;

public enum JobQueueKind
{
    Quorum,
    Classic,
}
