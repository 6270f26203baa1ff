using System.Globalization;
using JobQueue.Dashboard.Live;
using JobQueue.Dashboard.Monitor;
using Microsoft.AspNetCore.Components;

namespace JobQueue.Dashboard.Components.Monitor;

/// <summary>
/// The monitor's figures, shared by <c>/monitor</c> and the wall. It re-renders when events arrive (coalesced to
/// at most four renders a second) and on a one-second clock, so the charts move and a stale marker appears even
/// when nothing happens.
/// </summary>
public sealed partial class MonitorBoard : IDisposable
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static readonly TimeSpan ClockTick = TimeSpan.FromSeconds(1);

    [Inject] private MonitorMetrics Metrics { get; set; } = default!;
    [Inject] private Dashboard.Recurring.ScheduleOverview Schedule { get; set; } = default!;
    [Inject] private LiveEvents LiveEvents { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [CascadingParameter] private BrowserClock BrowserClock { get; set; } = default!;

    /// <summary>Large type for a display across a room, and nothing to click.</summary>
    [Parameter] public bool Wall { get; set; }

    /// <summary>Only these queues (a team's wall); null: every queue.</summary>
    [Parameter] public IReadOnlyCollection<string>? Queues { get; set; }

    /// <summary>What a 16:9 wall has room for, with its type at least 28 px high on a 1080p screen.</summary>
    public const int WallQueueRows = 10;
    public const int WallFailures = 4;
    public const int WallNextRuns = 2;

    /// <summary>Who is looking: what they may see of the failures.</summary>
    [Parameter, EditorRequired] public MonitorViewer Viewer { get; set; } = default!;

    private MonitorSnapshot _snapshot = default!;
    private QueueRows _rows = new([], 0, []);
    private Dashboard.Live.QueueStats? _rowsOf;
    private LiveBatches? _live;
    private ITimer? _clock;

    protected override void OnInitialized()
    {
        _snapshot = Viewer.Scope(Metrics.Snapshot());
        _live = new LiveBatches(LiveEvents, _ => true, _ => InvokeAsync(Refresh));
        _clock = Time.CreateTimer(_ => InvokeAsync(Refresh), null, ClockTick, ClockTick);
    }

    private void Refresh()
    {
        _snapshot = Viewer.Scope(Metrics.Snapshot());
        StateHasChanged();
    }

    /// <summary>The queue rows of the snapshot shown, worked out once per snapshot.</summary>
    private QueueRows Rows
    {
        get
        {
            if (_rowsOf != _snapshot.Queues)
            {
                var queues = (_snapshot.Queues?.Queues ?? []).Where(q => Queues is null || Queues.Contains(q.Name));
                _rows = Wall ? QueueRows.Fold(queues, WallQueueRows) : new QueueRows([.. queues], 0, []);
                _rowsOf = _snapshot.Queues;
            }
            return _rows;
        }
    }

    private string AsOfTitle(Dashboard.Live.QueueStats stats) => stats.DetailsAt is { } details
        ? $"Ready and consumers read from RabbitMQ at {Clock(stats.At)}; unacked and rates from its management API at {Clock(details)} (which itself refreshes them every few seconds)"
        : $"Ready and consumers read from RabbitMQ at {Clock(stats.At)}";

    private string Clock(DateTime utc) => BrowserClock.Format(utc, "HH:mm:ss");

    private static string Figure(long? value) => value?.ToString(Invariant) ?? "–";

    private static string Figure(int? value) => value?.ToString(Invariant) ?? "–";

    private static string Rate(double? value) => value is { } rate ? rate.ToString(rate < 10 ? "0.#" : "0", Invariant) : "–";

    /// <summary>p50 · p95, the unit said once when both share it ("18 · 468 ms"), so the pair fits a tile.</summary>
    public static string Percentiles(LatencySummary summary)
    {
        if (summary.P50Ms is not { } p50 || summary.P95Ms is not { } p95)
            return "–";
        var (low, high) = (Milliseconds(p50), Milliseconds(p95));
        var unit = high[(high.LastIndexOf(' ') + 1)..];
        return low.EndsWith(" " + unit, StringComparison.Ordinal) && !low.StartsWith('<')
            ? $"{low[..^(unit.Length + 1)]} · {high}"
            : $"{low} · {high}";
    }

    public static string Milliseconds(double ms) => ms switch
    {
        < 1 => "<1 ms",
        < 1000 => ms.ToString("0", Invariant) + " ms",
        < 60_000 => (ms / 1000).ToString("0.0", Invariant) + " s",
        _ => (ms / 60_000).ToString("0.0", Invariant) + " min",
    };

    private IReadOnlyList<ChartLine> ThroughputLines() =>
    [
        new("Completed /s", "#4caf50", _snapshot.Throughput.Select(p => (double)p.Succeeded).ToList(), "jq-line-completed"),
        new("Failed /s", "#f44336", _snapshot.Throughput.Select(p => (double)p.Failed).ToList(), "jq-line-failed"),
    ];

    public void Dispose()
    {
        _live?.Dispose();
        _clock?.Dispose();
    }
}
