namespace JobQueue.Dashboard.Live;

public enum QueueStatsSource
{
    /// <summary>The RabbitMQ management HTTP API: every figure.</summary>
    Management,

    /// <summary>AMQP passive declares, while the management API does not answer (or is off): ready and consumers only.</summary>
    Amqp,
}
