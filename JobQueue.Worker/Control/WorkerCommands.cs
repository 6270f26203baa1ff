using System.Collections.Immutable;
using System.Threading.Channels;
using JobQueue.Shared.Contracts;

namespace JobQueue.Worker.Control;

/// <summary>
/// Admin commands for this worker (pause, resume, concurrency, drain), handed from the control listener to the
/// consumer, which carries them out one at a time; and the state the heartbeat reports back.
/// </summary>
public sealed class WorkerCommands
{
    private readonly Channel<ControlCommand> _commands = Channel.CreateUnbounded<ControlCommand>(new() { SingleReader = true });

    public WorkerState State { get; set; } = WorkerState.Active;

    /// <summary>Queues an admin paused across all workers: this worker does not consume them until resumed.</summary>
    public ImmutableSortedSet<string> PausedQueues { get; private set; } = ImmutableSortedSet<string>.Empty;

    /// <summary>Queues this worker is configured for that do not exist (an admin has not created them, or deleted them): it waits for them.</summary>
    public ImmutableSortedSet<string> MissingQueues { get; private set; } = ImmutableSortedSet<string>.Empty;

    /// <summary>Jobs this worker runs at once now (configured, then as last set by an admin).</summary>
    public int Concurrency { get; set; }

    public ChannelReader<ControlCommand> Reader => _commands.Reader;

    public void Post(ControlCommand command) => _commands.Writer.TryWrite(command);

    /// <summary>Signalled when the state or concurrency changed, so the heartbeat confirms it at once.</summary>
    public SemaphoreSlim Changed { get; } = new(0);

    public void SetQueuePaused(string queue, bool paused)
    {
        PausedQueues = paused ? PausedQueues.Add(queue) : PausedQueues.Remove(queue);
        Changed.Release();
    }

    public void SetQueueMissing(string queue, bool missing)
    {
        var before = MissingQueues;
        MissingQueues = missing ? MissingQueues.Add(queue) : MissingQueues.Remove(queue);
        if (before != MissingQueues)
            Changed.Release();
    }

    public void Set(WorkerState state, int concurrency)
    {
        State = state;
        Concurrency = concurrency;
        Changed.Release();
    }
}
