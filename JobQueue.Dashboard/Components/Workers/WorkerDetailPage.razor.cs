using JobQueue.Dashboard.Live;
using JobQueue.Dashboard.Workers;
using JobQueue.Shared.Contracts;
using Microsoft.AspNetCore.Components;

namespace JobQueue.Dashboard.Components.Workers;

/// <summary><c>/admin/workers/{id}</c>: one worker's figures and its own log, both live.</summary>
public sealed partial class WorkerDetailPage : IDisposable
{
    [Inject] private WorkerRegistry Registry { get; set; } = default!;
    [Inject] private WorkerLogs Logs { get; set; } = default!;
    [Inject] private LiveEvents LiveEvents { get; set; } = default!;
    [CascadingParameter] private BrowserClock BrowserClock { get; set; } = default!;

    [Parameter] public string Id { get; set; } = "";

    private WorkerView? _worker;
    private IReadOnlyList<WorkerLogLine> _lines = [];
    private LiveBatches? _live;

    protected override void OnParametersSet()
    {
        _live?.Dispose();
        _live = new LiveBatches(LiveEvents, e => e switch
        {
            LiveEvent.WorkerBeat { Heartbeat.WorkerId: var id } => id == Id,
            LiveEvent.WorkerGone { Stopped.WorkerId: var id } => id == Id,
            LiveEvent.WorkerLogged { Log.WorkerId: var id } => id == Id,
            _ => false,
        }, _ => InvokeAsync(Refresh));
        Update();
    }

    private void Refresh()
    {
        Update();
        StateHasChanged();
    }

    // The registry and the log store hear every event before any page does, so reading them is up to date.
    private void Update()
    {
        _worker = Registry.Find(Id);
        _lines = Logs.Of(Id) ?? [];
    }

    /// <summary>The last part of a logger's category (JobQueue.Worker.Consuming.JobConsumer: JobConsumer).</summary>
    private static string ShortCategory(string category) => category[(category.LastIndexOf('.') + 1)..];

    public void Dispose() => _live?.Dispose();
}
