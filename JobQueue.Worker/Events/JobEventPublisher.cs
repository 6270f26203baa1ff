using JobQueue.Shared.Coalescing;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.Messaging;
using JobQueue.Worker.Core;
using Microsoft.Extensions.Options;

namespace JobQueue.Worker.Events;

/// <summary>
/// Publishes this worker's job events on <c>jobqueue.events</c>, packed: while one message is on its way to the broker,
/// the events that arrive meanwhile wait and then go out together as one <c>job.batch</c> (a lone event goes out at
/// once as <c>job.&lt;kind&gt;</c>): a <see cref="Coalescer"/> with no interval, whose window is the send itself.
/// Each caller's task completes when the message holding its event is confirmed.
/// A job that finished before its <c>job.started</c> went out loses that event (and any progress): its outcome says
/// when it started. At thousands of jobs a second this turns several broker messages per job into a fraction of one.
/// </summary>
public sealed class JobEventPublisher : IAsyncDisposable
{
    private readonly ConfirmingPublisher _publisher;
    private readonly WorkerIdentity _identity;
    private readonly TimeProvider _time;
    private readonly IOptions<WorkerOptions> _options;
    private readonly ILogger<JobEventPublisher> _logger;
    private readonly Coalescer _sends;
    private readonly Lock _lock = new();
    private List<JobEvent> _waiting = [];
    private readonly Dictionary<Guid, Queue<JobLogLine>> _waitingLines = [];
    private int _waitingLineCount;
    private TaskCompletionSource _waitingSent = NewSent();
    private bool _disposed;

    public JobEventPublisher(ConfirmingPublisher publisher, WorkerIdentity identity, TimeProvider time,
        IOptions<WorkerOptions> options, ILogger<JobEventPublisher> logger)
    {
        _publisher = publisher;
        _identity = identity;
        _time = time;
        _options = options;
        _logger = logger;
        // SendWaitingAsync reports each message's failure to its callers; nothing reaches the error callback.
        _sends = new Coalescer(TimeSpan.Zero, time, _ => SendWaitingAsync(),
            ex => _logger.LogError(ex, "Sending job events failed"));
    }

    public Task PublishAsync(JobMessage job, JobEventKind kind, CancellationToken cancellationToken,
        double? progress = null, string? result = null, string? error = null, bool redelivered = false, DateTime? startedAt = null,
        DateTime? retryAt = null)
    {
        var jobEvent = new JobEvent(job.JobId, kind, job.Attempt, job.OwnerId, _time.GetUtcNow().UtcDateTime,
            _identity.Id, job.Type, job.Queue, progress, result, error, redelivered, job.SubmittedAt, startedAt, retryAt,
            System.Diagnostics.Activity.Current?.Id);
        Task sent;
        lock (_lock)
        {
            // After shutdown nothing would send it: the caller hears so, as of any failed publish.
            if (_disposed)
                return Task.FromException(new ObjectDisposedException(nameof(JobEventPublisher)));
            _waiting.RemoveAll(waiting => Supersedes(jobEvent, waiting));
            _waiting.Add(jobEvent);
            sent = _waitingSent.Task;
        }
        _sends.Signal();
        return sent.WaitAsync(cancellationToken);
    }

    /// <summary>A logger for one attempt of a job whose lines go to its job log.</summary>
    public ILogger JobLog(JobMessage job) => new JobLogger(job, _identity.Id, _options.Value.JobLogLevel, this, _time);

    /// <summary>Queues one job log line for the next message; never waits, never throws (a line after shutdown is dropped).</summary>
    public void Log(JobLogLine line)
    {
        lock (_lock)
        {
            if (_disposed)
                return;
            if (!_waitingLines.TryGetValue(line.JobId, out var lines))
                _waitingLines[line.JobId] = lines = new Queue<JobLogLine>();
            if (lines.Count >= _options.Value.JobLogBuffer)
            {
                lines.Dequeue();
                _waitingLineCount--;
            }
            lines.Enqueue(line);
            _waitingLineCount++;
        }
        _sends.Signal();
    }

    /// <summary>Up to <paramref name="most"/> waiting lines, each job's in order. Call under the lock.</summary>
    private List<JobLogLine>? TakeLines(int most)
    {
        if (_waitingLineCount == 0)
            return null;
        var taken = new List<JobLogLine>(Math.Min(most, _waitingLineCount));
        foreach (var (jobId, lines) in _waitingLines)
        {
            while (taken.Count < most && lines.TryDequeue(out var line))
                taken.Add(line);
            if (lines.Count == 0)
                _waitingLines.Remove(jobId);
            if (taken.Count == most)
                break;
        }
        _waitingLineCount -= taken.Count;
        return taken;
    }

    /// <summary>A later event of the same attempt makes a waiting one pointless: progress by progress, start and progress by an outcome.</summary>
    private static bool Supersedes(JobEvent later, JobEvent waiting) =>
        waiting.JobId == later.JobId && waiting.Attempt == later.Attempt && later.Kind != JobEventKind.Started
        && (waiting.Kind == JobEventKind.Progress || (waiting.Kind == JobEventKind.Started && later.Kind != JobEventKind.Progress));

    /// <summary>Sends what is waiting, one message at a time, until nothing is left.</summary>
    private async Task SendWaitingAsync()
    {
        while (true)
        {
            List<JobEvent> events;
            List<JobLogLine>? lines;
            TaskCompletionSource sent;
            bool all;
            lock (_lock)
            {
                if (_waiting.Count == 0 && _waitingLineCount == 0)
                    return;
                lines = TakeLines(_options.Value.MaxEventsPerMessage);
                sent = _waitingSent;
                all = _waiting.Count <= _options.Value.MaxEventsPerMessage;
                if (all)
                {
                    (events, _waiting) = (_waiting, []);
                    _waitingSent = NewSent();
                }
                else
                {
                    // More than one message's worth: the oldest go now, and their callers hear when the rest went too.
                    events = _waiting[.._options.Value.MaxEventsPerMessage];
                    _waiting.RemoveRange(0, events.Count);
                }
            }
            try
            {
                await SendAsync(events, lines);
                if (all)
                    sent.TrySetResult();
            }
            catch (Exception ex)
            {
                // Lines are not sent again: a job log is best kept short rather than late.
                _logger.LogDebug(ex, "Could not publish {Count} job event(s) and {Lines} job log line(s)", events.Count, lines?.Count ?? 0);
                if (events.Count > 0)
                    sent.TrySetException(ex);
            }
        }
    }

    // Progress is superseded by the next report, so it need not survive a broker restart; log lines are history.
    private Task SendAsync(List<JobEvent> events, List<JobLogLine>? lines) => _publisher.PublishJobEventsAsync(Topology.WorkerEventsPrefix, events,
        persistent: lines is { Count: > 0 } || events.Exists(e => e.Kind != JobEventKind.Progress), CancellationToken.None, lines);

    /// <summary>At shutdown: what is still waiting goes out once more (its callers hear how that went).</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_lock)
            _disposed = true;
        await _sends.DisposeAsync();
        await SendWaitingAsync();
    }

    private static TaskCompletionSource NewSent() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
