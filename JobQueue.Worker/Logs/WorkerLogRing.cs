using JobQueue.Shared.Collections;
using JobQueue.Shared.Contracts;
using JobQueue.Worker.Core;
using Microsoft.Extensions.Options;

namespace JobQueue.Worker.Logs;

/// <summary>
/// A logger provider that keeps this process's newest <see cref="WorkerOptions.LogLines"/> lines at Information and
/// above, numbered from 1, for <see cref="WorkerLogPublisher"/> to send to the dashboards (their worker page and
/// <c>GET /api/workers/{id}/logs</c>). Writing a line never waits.
/// </summary>
public sealed class WorkerLogRing(IOptions<WorkerOptions> options, TimeProvider time) : ILoggerProvider
{
    private readonly Lock _gate = new();
    private readonly CircularBuffer<WorkerLogLine> _lines = new(options.Value.LogLines);
    private long _numbered;
    private long _sentUpTo;
    private bool _sendAll;

    public ILogger CreateLogger(string categoryName) => new RingLogger(this, categoryName);

    /// <summary>The lines not sent yet (or every kept line, once a dashboard asked for them), and they count as sent.</summary>
    public IReadOnlyList<WorkerLogLine> TakeUnsent()
    {
        lock (_gate)
        {
            var from = _sendAll ? 0 : _sentUpTo;
            _sendAll = false;
            _sentUpTo = _numbered;
            return from == _numbered ? [] : _lines.ToList().Where(l => l.Number > from).ToList();
        }
    }

    /// <summary>The next <see cref="TakeUnsent"/> gives every kept line.</summary>
    public void SendAllAgain()
    {
        lock (_gate)
            _sendAll = true;
    }

    private void Add(LogLevel level, string category, string message)
    {
        var at = time.GetUtcNow().UtcDateTime;
        lock (_gate)
            _lines.Add(new WorkerLogLine(++_numbered, at, level, category, message));
    }

    public void Dispose()
    {
    }

    private sealed class RingLogger(WorkerLogRing ring, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel is >= LogLevel.Information and < LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
                return;
            ring.Add(logLevel, category, LogLineText.Of(state, exception, formatter, WorkerLogLine.MaxMessageLength));
        }
    }
}
