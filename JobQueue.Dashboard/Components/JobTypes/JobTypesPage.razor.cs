using System.Text.Json;
using JobQueue.Dashboard.JobTypes;
using JobQueue.Dashboard.Live;
using JobQueue.Dashboard.Workers;
using Microsoft.AspNetCore.Components;

namespace JobQueue.Dashboard.Components.JobTypes;

/// <summary>
/// The catalog as users read it: every advertised type with its description, defaults, when and by whom it was last
/// advertised, the workers online that run it (following their heartbeats) and its payload's schema on demand.
/// </summary>
public sealed partial class JobTypesPage : IDisposable
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    [Inject] private JobTypeCatalog Catalog { get; set; } = default!;
    [Inject] private WorkerRegistry Workers { get; set; } = default!;
    [Inject] private LiveEvents LiveEvents { get; set; } = default!;
    [CascadingParameter] private BrowserClock BrowserClock { get; set; } = default!;

    private IReadOnlyList<StableRow<JobTypeDto>> _types = [];
    private readonly StableRows<string, JobTypeDto> _rows = new(t => t.Name);
    private string? _open;
    private LiveBatches? _live;

    protected override void OnInitialized()
    {
        _types = _rows.Update(JobTypeEndpoints.Describe(Catalog, Workers));
        _live = new LiveBatches(LiveEvents, e => e is LiveEvent.JobTypesChanged or LiveEvent.WorkerBeat or LiveEvent.WorkerGone, _ => InvokeAsync(() =>
        {
            _types = _rows.Update(JobTypeEndpoints.Describe(Catalog, Workers));
            StateHasChanged();
        }));
    }

    private void Toggle(string name) => _open = _open == name ? null : name;

    private string Clock(DateTime utc) => BrowserClock.Format(utc, "yyyy-MM-dd HH:mm");

    private static string Pretty(JsonElement schema) => JsonSerializer.Serialize(schema, Indented);

    public void Dispose() => _live?.Dispose();
}
