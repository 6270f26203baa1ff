using JobQueue.Dashboard.Identity;
using JobQueue.Dashboard.Jobs;
using JobQueue.Dashboard.Live;
using JobQueue.Shared.Contracts;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace JobQueue.Dashboard.Components.Jobs;

/// <summary>
/// The jobs table, read page by page from the database and kept live by the event stream: rows change in
/// place as their events arrive, and a job that is new to this viewer reloads the page, all coalesced into at
/// most a few renders a second.
/// </summary>
public sealed partial class JobsPage : IDisposable
{
    [Inject] private Scoped<JobService> Jobs { get; set; } = default!;
    [Inject] private LiveEvents LiveEvents { get; set; } = default!;
    [Inject] private RecentJobEvents RecentEvents { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private MudTable<JobRow> _table = default!;
    private HashSet<JobRow> _selected = [];
    private IReadOnlyList<JobRow> _rows = [];
    private DateTime _newest = DateTime.MinValue;
    private bool _totalIsLowerBound;

    /// <summary>The pager's "1-25 of 10000"; past <see cref="JobService.CountedUpTo"/> the count stops, and the pager says so.</summary>
    private string PagerInfo => _totalIsLowerBound
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{{first_item}}-{{last_item}} of more than {JobService.CountedUpTo:N0}")
        : "{first_item}-{last_item} of {all_items}";
    private JobViewer? _viewer;
    private LiveBatches? _live;
    private JobStatus? _status;
    private string? _type;
    private string? _queue;
    private string? _idSearch;

    private DateTime Now => Time.GetUtcNow().UtcDateTime;

    protected override async Task OnInitializedAsync()
    {
        _viewer = JobViewer.From((await AuthenticationState).User);
        _live = new LiveBatches(LiveEvents, IsMine, batch => InvokeAsync(() => ApplyAsync(batch)));
    }

    private bool IsMine(LiveEvent liveEvent) =>
        liveEvent is LiveEvent.JobChanged { Event: var e } && (_viewer!.IsAdmin || e.OwnerId == _viewer.UserId);

    private async Task<TableData<JobRow>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        var sort = Enum.TryParse<JobSort>(state.SortLabel, out var label) ? label : JobSort.Created;
        var descending = state.SortDirection != SortDirection.Ascending;
        var filter = new JobFilter(_status, _type, _queue, state.Page + 1, state.PageSize, sort, descending, _idSearch);
        var listing = await Jobs.RunAsync(s => s.ListAsync(filter, _viewer!, cancellationToken));
        _totalIsLowerBound = listing.TotalIsLowerBound;
        var rows = listing.Items.Select(JobRow.From).ToList();
        foreach (var row in rows)
            row.ApplyAll(RecentEvents.Of(row.Id));
        _rows = rows;
        _newest = rows.Count == 0 ? DateTime.MinValue : rows.Max(r => r.CreatedAt);
        _selected = [.. rows.Where(row => _selected.Any(s => s.Id == row.Id))];
        return new TableData<JobRow> { Items = rows, TotalItems = listing.Total };
    }

    private async Task ApplyAsync(IReadOnlyList<LiveEvent> batch)
    {
        var reload = false;
        foreach (var jobEvent in batch.OfType<LiveEvent.JobChanged>().Select(c => c.Event))
        {
            if (_rows.FirstOrDefault(r => r.Id == jobEvent.JobId) is { } row)
                row.Apply(jobEvent);
            // A job new to this viewer. Its Queued notice may have been overtaken by a later event (a batch holds each
            // job's newest only), which still says when the job was submitted.
            else if (jobEvent.Kind == JobEventKind.Queued || jobEvent.SubmittedAt > _newest)
                reload = true;
        }
        if (reload)
            await _table.ReloadServerData();
        else
            StateHasChanged();
    }

    private Task OnSubmittedAsync(Job job) => _table.ReloadServerData();

    private async Task CancelAsync(JobRow job)
    {
        var (outcome, _) = await Jobs.RunAsync(s => s.CancelAsync(job.Id, _viewer!, CancellationToken.None));
        Snackbar.Add(JobFormat.CancelMessage(outcome), outcome is CancelOutcome.Cancelled or CancelOutcome.Cancelling ? Severity.Info : Severity.Warning);
        await _table.ReloadServerData();
    }

    private async Task CancelSelectedAsync()
    {
        var cancellable = _selected.Where(j => JobTransitions.IsCancellable(j.Status)).ToList();
        var outcomes = new List<CancelOutcome>();
        foreach (var job in cancellable)
            outcomes.Add((await Jobs.RunAsync(s => s.CancelAsync(job.Id, _viewer!, CancellationToken.None))).Outcome);
        var accepted = outcomes.Count(o => o is CancelOutcome.Cancelled or CancelOutcome.Cancelling);
        Snackbar.Add($"Cancelled {accepted} of {cancellable.Count} selected job(s)", Severity.Info);
        _selected.Clear();
        await _table.ReloadServerData();
    }

    private Task StatusFilterChangedAsync(JobStatus? status) => Filter(() => _status = status);
    private Task TypeFilterChangedAsync(string? type) => Filter(() => _type = type);
    private Task QueueFilterChangedAsync(string? queue) => Filter(() => _queue = string.IsNullOrWhiteSpace(queue) ? null : queue.Trim());
    private Task IdSearchChangedAsync(string? search) => Filter(() => _idSearch = search);

    private Task Filter(Action set)
    {
        set();
        return _table.ReloadServerData();
    }

    public void Dispose() => _live?.Dispose();
}
