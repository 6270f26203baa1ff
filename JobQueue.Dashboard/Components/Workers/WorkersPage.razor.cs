using JobQueue.Dashboard.Audit;
using JobQueue.Dashboard.Identity;
using JobQueue.Dashboard.Live;
using JobQueue.Dashboard.Monitor;
using JobQueue.Dashboard.Queues;
using JobQueue.Dashboard.Workers;
using JobQueue.Shared.Contracts;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace JobQueue.Dashboard.Components.Workers;

/// <summary>
/// The workers, refreshed by their heartbeats as they arrive (coalesced), plus a clock tick every few seconds
/// so a worker that falls silent turns stale on screen even though no event says so.
/// </summary>
public sealed partial class WorkersPage : IDisposable
{
    private static readonly TimeSpan ClockTick = TimeSpan.FromSeconds(2);

    [Inject] private WorkerRegistry Registry { get; set; } = default!;
    [Inject] private WorkerControl Control { get; set; } = default!;
    [Inject] private MonitorMetrics Metrics { get; set; } = default!;
    [Inject] private IQueueStats Queues { get; set; } = default!;
    [Inject] private LiveEvents LiveEvents { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private CircuitOrigin Origin { get; set; } = default!;
    [CascadingParameter] private Task<Microsoft.AspNetCore.Components.Authorization.AuthenticationState> AuthenticationState { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;

    // Rows keep their identity across refreshes (only their view changes), so the table patches them in place
    // instead of replacing their elements under a user's click.
    private readonly List<WorkerRow> _rows = [];
    private readonly Dictionary<string, int> _concurrency = [];
    private IReadOnlyList<QueueSnapshot> _queues = [];
    private IReadOnlyList<double> _workerHistory = [];
    private LiveBatches? _live;
    private ITimer? _clock;

    private DateTime Now => Time.GetUtcNow().UtcDateTime;

    protected override void OnInitialized()
    {
        Update();
        _live = new LiveBatches(LiveEvents, e => e is LiveEvent.WorkerBeat or LiveEvent.WorkerGone or LiveEvent.QueuesChanged, _ => InvokeAsync(Refresh));
        _clock = Time.CreateTimer(_ => InvokeAsync(Refresh), null, ClockTick, ClockTick);
    }

    private void Refresh()
    {
        Update();
        StateHasChanged();
    }

    private void Update()
    {
        _queues = Queues.Latest?.Queues ?? [];
        _workerHistory = MonitorMetrics.Resample(Metrics.WorkerHistory, Now, MonitorMetrics.WorkerHistoryWindow, 120);
        var latest = Registry.All;
        _rows.RemoveAll(row => latest.All(view => view.Last.WorkerId != row.Id));
        foreach (var view in latest)
        {
            if (_rows.Find(row => row.Id == view.Last.WorkerId) is { } row)
                row.View = view;
            else
                _rows.Add(new WorkerRow(view.Last.WorkerId) { View = view });
        }
        _rows.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
    }

    public sealed class WorkerRow(string id)
    {
        public string Id { get; } = id;
        public required WorkerView View { get; set; }
    }

    /// <summary>An AMQP worker that is up takes commands; an HTTP worker takes none (it only fetches).</summary>
    private static bool Controllable(WorkerView worker) =>
        worker.State is WorkerDisplayState.Active or WorkerDisplayState.Paused && !IsHttp(worker);

    private static bool IsHttp(WorkerView worker) => worker.Last.Transport == HttpWorkers.HttpWorkerHeartbeats.Transport;

    private int ConcurrencyInput(WorkerView worker) => _concurrency.GetValueOrDefault(worker.Last.WorkerId, worker.Last.Concurrency);

    internal static Color ColorOf(WorkerDisplayState state) => state switch
    {
        WorkerDisplayState.Active => Color.Success,
        WorkerDisplayState.Paused => Color.Warning,
        WorkerDisplayState.Draining => Color.Info,
        WorkerDisplayState.Stale => Color.Error,
        _ => Color.Default,
    };

    private Task SendAsync(WorkerView worker, ControlCommandKind kind, int? concurrency = null) => SendAsync(worker.Last.WorkerId, kind, concurrency);

    private async Task SendAsync(string workerId, ControlCommandKind kind, int? concurrency)
    {
        var admin = JobViewer.From((await AuthenticationState).User).Actor(Origin);
        var sent = await Control.SendAsync(workerId, kind, concurrency, admin, CancellationToken.None);
        Snackbar.Add(sent is null ? $"{workerId} is no longer running" : $"Sent {kind} to {workerId}; its next heartbeat confirms it",
            sent is null ? Severity.Warning : Severity.Info);
    }

    private Task SetConcurrencyAsync(WorkerView worker) =>
        SendAsync(worker, ControlCommandKind.SetConcurrency, ConcurrencyInput(worker));

    private async Task DrainAsync(WorkerView worker)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Drain and stop", $"{worker.Last.WorkerId} will finish its running jobs, take no new ones and stop.",
            yesText: "Drain and stop", cancelText: "Keep it running");
        if (confirmed == true)
            await SendAsync(worker, ControlCommandKind.Drain);
    }

    public void Dispose()
    {
        _live?.Dispose();
        _clock?.Dispose();
    }
}
