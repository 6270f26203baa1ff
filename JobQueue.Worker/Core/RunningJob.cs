namespace JobQueue.Worker.Core;

/// <summary>A job being run: its handler's token fires on a cancel, on shutdown, or when the attempt's timeout is over.</summary>
public sealed class RunningJob : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly CancellationTokenSource _timeout;
    private readonly CancellationTokenSource _either;

    public RunningJob(Guid jobId, DateTime startedAt, TimeSpan timeout, TimeProvider time)
    {
        JobId = jobId;
        StartedAt = startedAt;
        Timeout = timeout;
        _timeout = new CancellationTokenSource(timeout, time);
        _either = CancellationTokenSource.CreateLinkedTokenSource(_cancellation.Token, _timeout.Token);
    }

    public Guid JobId { get; }
    public DateTime StartedAt { get; }
    public TimeSpan Timeout { get; }
    public CancellationToken Token => _either.Token;

    /// <summary>True when the attempt ran out of time (and nobody cancelled or stopped it first).</summary>
    public bool TimedOut => _timeout.IsCancellationRequested && !_cancellation.IsCancellationRequested;

    /// <summary>True when the job was stopped because the worker is shutting down, not because a user cancelled it.</summary>
    public bool StoppedByShutdown { get; private set; }

    internal void Cancel(bool byShutdown)
    {
        StoppedByShutdown = byShutdown;
        try
        {
            _cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The job finished while the cancel was on its way.
        }
    }

    public void Dispose()
    {
        _either.Dispose();
        _timeout.Dispose();
        _cancellation.Dispose();
    }
}
