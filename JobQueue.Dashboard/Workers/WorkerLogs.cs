using JobQueue.Dashboard.Broker;
using JobQueue.Dashboard.Live;
using JobQueue.Shared.Collections;
using JobQueue.Shared.Contracts;

namespace JobQueue.Dashboard.Workers;

/// <summary>
/// Each worker's newest <see cref="LinesPerWorker"/> log lines as its <c>worker.log</c> messages bring them, in memory
/// (every dashboard hears every worker). Whenever this dashboard's live stream (re)starts, it asks every worker for the
/// lines it keeps (<see cref="ControlCommandKind.SendLogs"/>), so its pages also show what happened before.
/// A line already held (a worker sending its lines again) is skipped; a worker's new process follows its old one's lines.
/// </summary>
public sealed class WorkerLogs
{
    public const int LinesPerWorker = 1000;
    private const int MaxWorkers = 1000;

    private readonly BoundedMemory<string, WorkerLog> _workers = new(MaxWorkers);

    private readonly BrokerGateway _broker;
    private readonly ILogger<WorkerLogs> _logger;

    public WorkerLogs(LiveEvents events, BrokerGateway broker, ILogger<WorkerLogs> logger)
    {
        (_broker, _logger) = (broker, logger);
        events.Subscribe(e =>
        {
            if (e is LiveEvent.WorkerLogged { Log: var log })
                _workers.GetOrAdd(log.WorkerId, _ => new WorkerLog()).Add(log);
            else if (e is LiveEvent.StreamStarted)
                _ = AskForKeptLinesAsync();
        });
    }

    private async Task AskForKeptLinesAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _broker.PublishControlAsync(new ControlCommand(ControlCommandKind.SendLogs), timeout.Token);
            _logger.LogInformation("Asked the workers for the log lines they keep");
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Could not ask the workers for their log lines; their pages show the lines from now on");
        }
    }

    /// <returns>The worker's kept lines, oldest first, or null when none of its lines reached this dashboard.</returns>
    public IReadOnlyList<WorkerLogLine>? Of(string workerId) => _workers.TryGetValue(workerId, out var log) ? log.Lines() : null;

    /// <summary>
    /// One worker's kept lines, in line-number order. Lines of one process are merged by number, not only appended: a
    /// line written just now can arrive before the lines the worker sends again when asked (a dashboard that restarted
    /// asks, and the worker's next new line may go out first), and those older lines must still be taken.
    /// </summary>
    private sealed class WorkerLog
    {
        private readonly Lock _gate = new();
        private readonly SortedList<long, WorkerLogLine> _lines = [];
        private DateTime _process;

        public void Add(WorkerLogLines log)
        {
            lock (_gate)
            {
                // An older process's lines (sent late) come after nothing: they are history this dashboard missed.
                if (log.StartedAt < _process)
                    return;
                if (log.StartedAt > _process)
                {
                    // A new process of the worker: its numbers start again.
                    _process = log.StartedAt;
                    _lines.Clear();
                }
                foreach (var line in log.Lines)
                {
                    // Full, and older than the oldest kept: it would be the first to go.
                    if (_lines.Count >= LinesPerWorker && line.Number < _lines.Keys[0])
                        continue;
                    _lines.TryAdd(line.Number, line);
                    if (_lines.Count > LinesPerWorker)
                        _lines.RemoveAt(0);
                }
            }
        }

        public List<WorkerLogLine> Lines()
        {
            lock (_gate)
                return [.. _lines.Values];
        }
    }
}
