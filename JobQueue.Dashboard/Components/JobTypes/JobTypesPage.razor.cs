using System.Text.Json;
using JobQueue.Dashboard.Audit;
using JobQueue.Dashboard.Identity;
using JobQueue.Dashboard.JobTypes;
using JobQueue.Dashboard.Live;
using JobQueue.Dashboard.WorkerKeys;
using JobQueue.Dashboard.Workers;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace JobQueue.Dashboard.Components.JobTypes;

/// <summary>
/// The catalog as users read it: every advertised type with its description, defaults, when and by whom it was last
/// advertised, its owner, the workers online that run it (following their heartbeats), its payload's schema on demand,
/// and for admins its history: who added and changed it, from the audit trail.
/// </summary>
public sealed partial class JobTypesPage : IDisposable
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    [Inject] private JobTypeCatalog Catalog { get; set; } = default!;
    [Inject] private WorkerRegistry Workers { get; set; } = default!;
    [Inject] private LiveEvents LiveEvents { get; set; } = default!;
    [Inject] private AuditLog Audit { get; set; } = default!;
    [Inject] private WorkerKeyStore Keys { get; set; } = default!;
    [CascadingParameter] private BrowserClock BrowserClock { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    /// <summary>The most history entries shown for one type.</summary>
    private const int HistoryLength = 50;

    private IReadOnlyList<StableRow<JobTypeDto>> _types = [];
    private readonly StableRows<string, JobTypeDto> _rows = new(t => t.Name);
    private string? _open;
    private string? _history;
    private IReadOnlyList<AuditEntryDto>? _historyEntries;
    private bool _isAdmin;
    private Dictionary<Guid, string> _keyNames = [];
    private LiveBatches? _live;

    protected override async Task OnInitializedAsync()
    {
        _isAdmin = JobViewer.From((await AuthenticationState).User).IsAdmin;
        _keyNames = (await Keys.ListAsync(CancellationToken.None)).ToDictionary(k => k.Id, k => k.Name);
        Start();
    }

    private void Start()
    {
        _types = _rows.Update(JobTypeEndpoints.Describe(Catalog, Workers));
        _live = new LiveBatches(LiveEvents, e => e is LiveEvent.JobTypesChanged or LiveEvent.WorkerBeat or LiveEvent.WorkerGone, _ => InvokeAsync(() =>
        {
            _types = _rows.Update(JobTypeEndpoints.Describe(Catalog, Workers));
            StateHasChanged();
        }));
    }

    private void Toggle(string name) => _open = _open == name ? null : name;

    private async Task ToggleHistoryAsync(string name)
    {
        if (_history == name)
        {
            _history = null;
            return;
        }
        (_history, _historyEntries) = (name, null);
        // The filter matches part of a target: only this type's own entries are kept.
        var page = await Audit.ListAsync(new AuditFilter(Target: name, PageSize: HistoryLength * 2), CancellationToken.None);
        _historyEntries = page.Items.Where(e => e.Target == name && e.Action is AuditActions.JobTypeAdded or AuditActions.JobTypeChanged)
            .Take(HistoryLength).ToList();
    }

    private string OwnerText(string? owner) => JobTypeOwners.KeyOf(owner) is { } keyId
        ? _keyNames.TryGetValue(keyId, out var name) ? $"key '{name}'" : "a deleted key"
        : owner == JobTypeOwners.Workers ? "JobQueue's workers" : "none yet";

    private string Clock(DateTime utc) => BrowserClock.Format(utc, "yyyy-MM-dd HH:mm");

    private static string Pretty(JsonElement schema) => JsonSerializer.Serialize(schema, Indented);

    public void Dispose() => _live?.Dispose();
}
