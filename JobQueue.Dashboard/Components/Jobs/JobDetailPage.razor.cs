using JobQueue.Dashboard.Audit;
using JobQueue.Dashboard.Identity;
using JobQueue.Dashboard.JobLogs;
using JobQueue.Dashboard.Jobs;
using JobQueue.Dashboard.Live;
using JobQueue.Shared.Contracts;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;
using MudBlazor;

namespace JobQueue.Dashboard.Components.Jobs;

public sealed partial class JobDetailPage : IDisposable
{
    [Inject] private Scoped<JobService> Jobs { get; set; } = default!;
    [Inject] private Scoped<JobReader> Reader { get; set; } = default!;
    [Inject] private CircuitOrigin Origin { get; set; } = default!;
    [Inject] private LiveEvents LiveEvents { get; set; } = default!;
    [CascadingParameter] private BrowserClock BrowserClock { get; set; } = default!;
    [Inject] private JobLogStore LogStore { get; set; } = default!;
    [Inject] private IOptions<JobLogsOptions> LogOptions { get; set; } = default!;
    [Inject] private RecentJobEvents RecentEvents { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Parameter] public Guid Id { get; set; }

    private JobView? _job;
    private bool _loaded;
    private JobViewer? _viewer;
    private LiveBatches? _live;
    private ITimer? _countdown;
    private JobLogView _log = new(1);

    // What arrived live while the page was loading: applied once the job is read, so a line the recorder had not yet
    // stored when the stored lines were read is not lost.
    private List<LiveEvent>? _early = [];

    protected override async Task OnParametersSetAsync()
    {
        _viewer = JobViewer.From((await AuthenticationState).User);
        _live?.Dispose();
        _log = new JobLogView(LogOptions.Value.MaxLinesPerJob);
        _early = [];
        _live = new LiveBatches(LiveEvents, e => e is LiveEvent.JobChanged { Event.JobId: var id } && id == Id
                || e is LiveEvent.JobLogged { Line.JobId: var lineJob } && lineJob == Id,
            batch => InvokeAsync(() => Apply(batch)), everyEvent: true);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var job = await Reader.RunAsync(s => s.FindWithTimelineAsync(Id, _viewer!, CancellationToken.None));
        _job = job is null ? null : JobView.From(job);
        _job?.ApplyAll(RecentEvents.Of(Id));
        if (job is not null)
            _log.Load(await LogStore.ReadAsync(Id, job.OwnerId, null, LogOptions.Value.MaxLinesPerJob, CancellationToken.None));
        _loaded = true;
        if (_early is { } early)
        {
            _early = null;
            Apply(early);
        }
        // A scheduled job's countdown moves once a second until the job is due (and the release's notice arrives).
        _countdown ??= _job?.State.Status == JobStatus.Scheduled
            ? Time.CreateTimer(_ => InvokeAsync(Tick), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1))
            : null;
    }

    private void Tick()
    {
        if (_job?.State.Status != JobStatus.Scheduled)
        {
            _countdown?.Dispose();
            _countdown = null;
        }
        StateHasChanged();
    }

    private void Apply(IReadOnlyList<LiveEvent> batch)
    {
        if (_early is not null)
        {
            _early.AddRange(batch);
            return;
        }
        if (_job is null)
            return;
        foreach (var liveEvent in batch)
        {
            if (liveEvent is LiveEvent.JobChanged change)
                _job.Apply(change.Event);
            else if (liveEvent is LiveEvent.JobLogged logged)
                _log.Append(logged.Line);
        }
        StateHasChanged();
    }

    private async Task CancelAsync()
    {
        var (outcome, _) = await Jobs.RunAsync(s => s.CancelAsync(Id, _viewer!, _viewer!.Actor(Origin), CancellationToken.None));
        // The page shows Cancelling, then Cancelled: only an outcome it cannot show is said.
        if (outcome is not (CancelOutcome.Cancelled or CancelOutcome.Cancelling))
            Snackbar.Add(JobFormat.CancelMessage(outcome), Severity.Warning, key: "cancel");
        await LoadAsync();
    }

    private async Task CopyAsync(string? text, string what)
    {
        await JS.InvokeVoidAsync("navigator.clipboard.writeText", text ?? "");
        Snackbar.Add($"{what} copied", Severity.Success);
    }

    public void Dispose()
    {
        _live?.Dispose();
        _countdown?.Dispose();
    }
}
