namespace JobQueue.Dashboard.Broker;

/// <summary>What becomes of a job message a fetch looked at (<see cref="BrokerGateway.TakeJobAsync"/>).</summary>
public enum FetchVerdict
{
    /// <summary>Handed out: ack it and stop looking.</summary>
    Take,

    /// <summary>Not for this fetch (another job type): put it back in the queue, uncounted as a delivery, and look further.</summary>
    Skip,

    /// <summary>Nothing to run (cancelled, already leased, poison already dead-lettered): ack it and look further.</summary>
    Drop,
}
