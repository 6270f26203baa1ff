namespace JobQueue.Dashboard.Queues;

public sealed record CreateQueueRequest(string? Name);
