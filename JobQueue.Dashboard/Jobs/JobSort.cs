namespace JobQueue.Dashboard.Jobs;

public enum JobSort
{
    Created,
    Status,
    Type,
    Queue,
}
