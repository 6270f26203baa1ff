namespace JobQueue.Shared.Resilience;

/// <summary>
/// The names of the resilience pipelines every JobQueue process registers (JobQueue.ServiceDefaults'
/// <c>ResilienceExtensions</c> builds them): one mechanism for each way of waiting out a dependency, instead of a retry
/// loop written by hand in each place. The names live here, beneath everything, so the RabbitMQ connection can name
/// the pipeline it waits in.
/// </summary>
public static class Pipelines
{
    /// <summary>Runs a background service's work again, after a growing pause (1 s to 30 s), whenever it fails.</summary>
    public const string BackgroundService = "background-service";

    /// <summary>Connects to RabbitMQ, trying again (0.5 s to 15 s apart) until the broker answers.</summary>
    public const string BrokerConnect = "rabbitmq-connect";

    /// <summary>A publish that a request or a loop waits on for at most <c>ResilienceExtensions.PublishTimeout</c> (5 s).</summary>
    public const string BrokerPublish = "rabbitmq-publish";

    /// <summary>
    /// A call to the RabbitMQ management HTTP API: at most <c>ResilienceExtensions.ManagementTimeout</c> (2 s), and
    /// after repeated failures not tried at all for <c>ResilienceExtensions.ManagementBreak</c> (10 s; a circuit breaker),
    /// so a hanging API costs one short wait now and then instead of one every second.
    /// </summary>
    public const string ManagementApi = "rabbitmq-management";

    /// <summary>A write that must happen before a message is acked: tried again (0.2 s to 10 s apart) until it succeeds.</summary>
    public const string StoreUntilDone = "store-until-done";

    /// <summary>
    /// A write that lost a race with another writer (a row changed since it was read, or another instance inserted the
    /// same key first): the operation reads again and decides again, at most
    /// <c>ResilienceExtensions.StoreConflictAttempts</c> (5) times in all, 50 ms to 2 s apart. What counts as a
    /// conflict is the registering process's to say (<c>ResilienceExtensions.AddStoreConflictPipeline</c>).
    /// </summary>
    public const string StoreConflict = "store-conflict";
}
