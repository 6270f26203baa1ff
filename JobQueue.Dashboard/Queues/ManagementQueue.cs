namespace JobQueue.Dashboard.Queues;

/// <summary>A queue as the RabbitMQ management API's <c>/api/queues/{vhost}</c> describes it (snake_case JSON), with the figures we read.</summary>
internal sealed record ManagementQueue(
    string Name,
    long Messages,
    long MessagesReady,
    long MessagesUnacknowledged,
    long Consumers,
    ManagementQueue.Stats? MessageStats)
{
    internal sealed record Stats(RateDetails? PublishDetails, RateDetails? DeliverGetDetails, RateDetails? AckDetails);

    internal sealed record RateDetails(double Rate);
}
