using System.Globalization;
using JobQueue.Dashboard.Identity;
using JobQueue.Dashboard.Live;
using JobQueue.Dashboard.Queues;
using JobQueue.Dashboard.Workers;
using JobQueue.Shared.Coalescing;
using JobQueue.Shared.Contracts;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace JobQueue.Dashboard.Components.Overview;

/// <summary>
/// Where a signed-in user lands: their jobs counted by status (each a link to the filtered list), the queues, their
/// latest failures, and for an admin the workers online and the latest admin actions. Counts are read again when the
/// viewer's jobs change (at most once a <see cref="RefreshInterval"/>); queue figures and workers come from memory as
/// they are pushed.
/// </summary>
public sealed partial class OverviewPage : IDisposable
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    /// <summary>Admin actions have no live event: read again this often.</summary>
    private static readonly TimeSpan RereadEvery = TimeSpan.FromSeconds(10);

    private const int MaxWorkersShown = 8;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    [Inject] private IOverviewReader Reader { get; set; } = default!;
    [Inject] private IQueueStats QueueStats { get; set; } = default!;
    [Inject] private QueueControl Control { get; set; } = default!;
    [Inject] private WorkerRegistry Workers { get; set; } = default!;
    [Inject] private LiveEvents LiveEvents { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [CascadingParameter] private BrowserClock BrowserClock { get; set; } = default!;
    [Inject] private ILogger<OverviewPage> Logger { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private JobViewer? _viewer;
    private OverviewData? _data;
    private QueueStats? _queues;
    private LiveBatches? _live;
    private Coalescer? _refresh;
    private ITimer? _reread;

    private IReadOnlyList<WorkerView> OnlineWorkers => [.. Workers.All.Where(w => w.IsOnline).OrderBy(w => w.Last.WorkerId, StringComparer.Ordinal)];

    protected override async Task OnInitializedAsync()
    {
        _viewer = JobViewer.From((await AuthenticationState).User);
        _queues = QueueStats.Latest;
        _refresh = new Coalescer(RefreshInterval, Time, token => InvokeAsync(() => ReadAsync(token)), LiveEvents.ReportSubscriberFailure);
        _live = new LiveBatches(LiveEvents, Wanted, batch => InvokeAsync(() => Apply(batch)));
        _reread = Time.CreateTimer(_ => _refresh.Signal(), null, RereadEvery, RereadEvery);
        await ReadAsync(CancellationToken.None);
    }

    private bool Wanted(LiveEvent liveEvent) => liveEvent switch
    {
        LiveEvent.JobChanged { Event: var e } => _viewer!.IsAdmin || e.OwnerId == _viewer.UserId,
        LiveEvent.QueuesChanged or LiveEvent.WorkerBeat or LiveEvent.WorkerGone => true,
        _ => false,
    };

    private void Apply(IReadOnlyList<LiveEvent> batch)
    {
        foreach (var liveEvent in batch)
        {
            if (liveEvent is LiveEvent.QueuesChanged { Stats: var stats })
                _queues = stats;
            else if (liveEvent is LiveEvent.JobChanged)
                _refresh!.Signal();
        }
        StateHasChanged();
    }

    private async Task ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            _data = await Reader.ReadAsync(_viewer!, cancellationToken);
            StateHasChanged();
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The database may be away for a moment: the page keeps the last counts and reads again on the next change.
            Logger.LogWarning(ex, "Could not read the overview");
        }
    }

    private string Count(JobStatus status) => _data?.Counts[status].ToString("N0", Invariant) ?? "–";

    private string Clock(DateTime utc) => BrowserClock.Format(utc, "HH:mm:ss");

    /// <summary>The timer and the live stream first: they signal the refresh, which goes last.</summary>
    public void Dispose()
    {
        _reread?.Dispose();
        _live?.Dispose();
        _refresh?.Dispose();
    }
}
