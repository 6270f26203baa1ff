using JobQueue.Dashboard.Api;
using JobQueue.Dashboard.Audit;
using JobQueue.Dashboard.Bulk;
using JobQueue.Dashboard.Identity;
using JobQueue.Dashboard.Jobs;
using JobQueue.Dashboard.JobTypes;
using JobQueue.Dashboard.Live;
using JobQueue.Shared.Coalescing;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.JobTypes;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace JobQueue.Dashboard.Components.Jobs;

/// <summary>
/// The jobs table, read page by page from the database and kept live by the event stream: rows change in
/// place as their events arrive (at most a few renders a second), and a job that is new to this viewer reloads the
/// page, at once after a quiet spell and at most once per <see cref="ReloadInterval"/> while jobs keep coming.
/// </summary>
public sealed partial class JobsPage : IDisposable
{
    /// <summary>
    /// At 1,000 new jobs a second each reload shows 25 other rows, which no one reads at four a second; one a second
    /// cost the browser and the circuit a quarter as much (docs/benchmarks.md, "The jobs page under load").
    /// </summary>
    public static readonly TimeSpan ReloadInterval = TimeSpan.FromSeconds(1);

    [Inject] private Scoped<JobService> Jobs { get; set; } = default!;
    [Inject] private Scoped<JobReader> Reader { get; set; } = default!;
    [Inject] private Microsoft.Extensions.Options.IOptions<JobsOptions> Options { get; set; } = default!;
    [Inject] private LiveEvents LiveEvents { get; set; } = default!;
    [Inject] private RecentJobEvents RecentEvents { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private BulkJobs Bulk { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private CircuitOrigin Origin { get; set; } = default!;
    [Inject] private IJobTypeCatalog Types { get; set; } = default!;
    [CascadingParameter] private BrowserClock BrowserClock { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    /// <summary><c>/jobs?status=Failed</c>, <c>?queue=</c>, <c>?type=</c>: the list filtered as a link (the overview's) asks.</summary>
    [SupplyParameterFromQuery(Name = "status")] public string? StatusQuery { get; set; }

    [SupplyParameterFromQuery(Name = "queue")] public string? QueueQuery { get; set; }

    [SupplyParameterFromQuery(Name = "type")] public string? TypeQuery { get; set; }

    private MudTable<JobRow> _table = default!;
    private HashSet<JobRow> _selected = [];
    private IReadOnlyList<JobRow> _rows = [];
    private DateTime _newest = DateTime.MinValue;
    private bool _totalIsLowerBound;

    /// <summary>The pager's "1-25 of 10000"; past <see cref="JobReader.CountedUpTo"/> the count stops, and the pager says so.</summary>
    private string PagerInfo => _totalIsLowerBound
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{{first_item}}-{{last_item}} of more than {JobReader.CountedUpTo:N0}")
        : "{first_item}-{last_item} of {all_items}";
    private JobViewer? _viewer;
    private LiveBatches? _live;
    private Coalescer? _reloads;
    private TableData<JobRow>? _shown;
    private TableState? _state;
    private int _loads;
    private JobStatus? _status;
    private string? _type;
    private string? _queue;
    private string? _idSearch;
    private BulkOperationDto? _bulk;

    private DateTime Now => Time.GetUtcNow().UtcDateTime;

    /// <summary>The types to filter by: the catalog's, and the one from the address if the catalog does not have it.</summary>
    private IEnumerable<string> TypeChoices => Types.All.Select(t => t.Name).Append(_type).OfType<string>().Distinct(StringComparer.Ordinal);

    protected override async Task OnInitializedAsync()
    {
        _viewer = JobViewer.From((await AuthenticationState).User);
        if (EnumNames.TryParse<JobStatus>(StatusQuery, out var status))
            _status = status;
        _queue = string.IsNullOrWhiteSpace(QueueQuery) ? null : QueueQuery.Trim();
        _type = JobLimits.ValidateTypeName(TypeQuery) is null ? TypeQuery : null;
        _reloads = new Coalescer(ReloadInterval, Time, token => InvokeAsync(() => RefreshAsync(token)), LiveEvents.ReportSubscriberFailure);
        _live = new LiveBatches(LiveEvents, IsMine, batch => InvokeAsync(() => Apply(batch)));
    }

    private bool IsMine(LiveEvent liveEvent) =>
        liveEvent is LiveEvent.JobChanged { Event: var e } && (_viewer!.IsAdmin || e.OwnerId == _viewer.UserId);

    /// <summary>The table's own load (first render, paging, sorting, filters): MudTable shows its loading bar meanwhile.</summary>
    private async Task<TableData<JobRow>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        _loads++;
        _state = state;
        var page = await ReadPageAsync(state, cancellationToken);
        _shown = new TableData<JobRow> { Items = Show(page), TotalItems = page.Total };
        return _shown;
    }

    /// <summary>
    /// New jobs for this viewer: the same page read again and put in place of the rows the table shows. Not through
    /// <c>ReloadServerData</c>, which takes every row out of the browser's DOM and puts it back (its loading state),
    /// however few rows changed; the table keys rows by <see cref="JobRow"/> (equal by job), so only new rows are built
    /// and the others keep their elements.
    /// MudTable renders the items of the <see cref="TableData{T}"/> its last load returned, which this updates.
    /// </summary>
    /// <param name="cancellationToken">Cancelled when the page goes away.</param>
    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        if (_shown is not { } shown || _state is not { } state)
            return;
        var load = _loads;
        var page = await ReadPageAsync(state, cancellationToken);
        if (load != _loads)
            return; // The viewer paged, sorted or filtered meanwhile: the table's own load shows that.
        shown.Items = Show(page);
        shown.TotalItems = page.Total;
        StateHasChanged();
    }

    private Task<JobListing> ReadPageAsync(TableState state, CancellationToken cancellationToken)
    {
        var sort = EnumNames.TryParse<JobSort>(state.SortLabel, out var label) ? label : JobSort.Created;
        var descending = state.SortDirection != SortDirection.Ascending;
        var filter = new JobFilter(_status, _type, _queue, state.Page + 1, state.PageSize, sort, descending, _idSearch);
        return Reader.RunAsync(s => s.ListAsync(filter, _viewer!, cancellationToken));
    }

    /// <summary>The page's rows, brought up to date by the events that came after the database read.</summary>
    private List<JobRow> Show(JobListing page)
    {
        _totalIsLowerBound = page.TotalIsLowerBound;
        var rows = page.Items.Select(JobRow.From).ToList();
        foreach (var row in rows)
            row.ApplyAll(RecentEvents.Of(row.Id));
        _rows = rows;
        _newest = rows.Count == 0 ? DateTime.MinValue : rows.Max(r => r.CreatedAt);
        _selected = [.. rows.Where(_selected.Contains)];
        return rows;
    }

    private void Apply(IReadOnlyList<LiveEvent> batch)
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
            _reloads!.Signal();
        StateHasChanged();
    }

    private Task OnSubmittedAsync(Job job) => _table.ReloadServerData();

    private async Task CancelAsync(JobRow job)
    {
        var (outcome, _) = await Jobs.RunAsync(s => s.CancelAsync(job.Id, _viewer!, _viewer!.Actor(Origin), CancellationToken.None));
        // The row shows Cancelling, then Cancelled: only an outcome it cannot show is said.
        if (outcome is not (CancelOutcome.Cancelled or CancelOutcome.Cancelling))
            Snackbar.Add(JobFormat.CancelMessage(outcome), Severity.Warning, key: "cancel");
        await _table.ReloadServerData();
    }

    private async Task CancelSelectedAsync()
    {
        var cancellable = _selected.Where(j => JobTransitions.IsCancellable(j.Status)).ToList();
        // Several jobs at once are asked about first; one job's cancel button is not (its row shows the outcome).
        var confirmed = await Dialogs.ShowMessageBoxAsync("Cancel selected", $"Cancel {cancellable.Count} selected job(s)?",
            yesText: $"Cancel {cancellable.Count} job(s)", cancelText: "Keep them");
        if (confirmed != true)
            return;
        var outcomes = new List<CancelOutcome>();
        foreach (var job in cancellable)
            outcomes.Add((await Jobs.RunAsync(s => s.CancelAsync(job.Id, _viewer!, _viewer!.Actor(Origin), CancellationToken.None))).Outcome);
        var accepted = outcomes.Count(o => o is CancelOutcome.Cancelled or CancelOutcome.Cancelling);
        Snackbar.Add($"Cancelled {accepted} of {cancellable.Count} selected job(s)", Severity.Info);
        _selected.Clear();
        await _table.ReloadServerData();
    }

    /// <summary>Counts what the action would take under the current filters, asks, then starts it (<see cref="BulkProgress"/> follows it).</summary>
    private async Task BulkAsync(BulkAction action)
    {
        var filter = new BulkFilter(_status, _type, _queue);
        var count = await Bulk.CountAsync(filter, action, _viewer!, CancellationToken.None);
        var what = BulkJobs.Describe(filter);
        if (count == 0)
        {
            await Dialogs.ShowMessageBoxAsync(BulkFormat.Title(action), $"No job that {BulkFormat.Verb(action)} would take matches ({what}).", yesText: "OK");
            return;
        }
        var confirmed = await Dialogs.ShowMessageBoxAsync(BulkFormat.Title(action),
            $"{BulkFormat.Capitalized(BulkFormat.Verb(action))} {count:N0} job(s) matching {what}?",
            yesText: $"{BulkFormat.Title(action)} ({count:N0})", cancelText: "Keep them");
        if (confirmed == true)
            _bulk = await Bulk.StartAsync(filter, action, _viewer!, _viewer!.Actor(Origin), CancellationToken.None);
    }

    private async Task BulkFinishedAsync(BulkOperationDto operation)
    {
        Snackbar.Add(BulkFormat.Progress(operation), operation.Status == BulkOperationStatus.Done ? Severity.Success : Severity.Warning);
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

    public void Dispose()
    {
        _live?.Dispose();
        _reloads?.Dispose();
    }
}
