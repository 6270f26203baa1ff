namespace JobQueue.Dashboard.Queues;

public sealed record QueueDto(string Name, DateTime CreatedAt, string CreatedBy)
{
    public static QueueDto From(QueueDefinition queue) => new(queue.Name, queue.CreatedAt, queue.CreatedBy);
}
