using System.Text.Json;
using System.Text.Json.Nodes;
using JobQueue.Dashboard.Audit;
using JobQueue.Dashboard.Components.Jobs.Payload;
using JobQueue.Dashboard.Identity;
using JobQueue.Dashboard.JobTypes;
using JobQueue.Dashboard.Live;
using JobQueue.Dashboard.Recurring;
using JobQueue.Shared.Messaging;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace JobQueue.Dashboard.Components.Recurring;

/// <summary>
/// The recurring jobs a user may manage, live: a change on any dashboard (an edit, a pause, a run fired) is announced
/// and the page reads the list again, and its last runs' statuses move with their jobs' events.
/// </summary>
public sealed partial class RecurringPage : IDisposable
{
    [Inject] private Scoped<RecurringService> Recurring { get; set; } = default!;
    [Inject] private CircuitOrigin Origin { get; set; } = default!;
    [Inject] private LiveEvents LiveEvents { get; set; } = default!;
    [Inject] private IJobTypeCatalog Types { get; set; } = default!;
    [CascadingParameter] private BrowserClock BrowserClock { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private IReadOnlyList<RecurringJobDto> _items = [];
    private IReadOnlyList<StableRow<RecurringJobDto>> _rows = [];
    private readonly StableRows<Guid, RecurringJobDto> _stableRows = new(r => r.Id);
    private JobViewer? _viewer;
    private LiveBatches? _live;
    private bool _loaded;
    private bool _saving;
    private Guid? _editing;

    /// <summary>The form's fields, as the user typed them.</summary>
    public sealed class FormModel
    {
        public string? Name { get; set; }
        public string? Cron { get; set; } = "*/5 * * * *";
        public string? TimeZone { get; set; } = "UTC";
        public string Type { get; set; } = "";
        public string? Queue { get; set; } = Topology.DefaultQueue;
        public string Priority { get; set; } = "normal";
        public string Overlap { get; set; } = "skip";
        public string Missed { get; set; } = "runOnce";
    }

    private FormModel Form { get; set; } = new();

    /// <summary>The payload's inputs, made from the chosen type's schema (<see cref="PayloadInput"/>, as on the submit form).</summary>
    private PayloadField? Payload { get; set; }

    /// <summary>The payload of the job being edited when its type is no longer in the catalog: kept as it is.</summary>
    private JsonElement? _unknownTypePayload;

    // Each build's inputs are new elements: nothing typed into the last type's inputs lingers in the next's.
    private int _payloadBuilt;
    private Dictionary<string, string> Errors { get; } = [];

    private static Dictionary<string, object> Id(string id) => new() { ["id"] = id };

    protected override async Task OnInitializedAsync()
    {
        _viewer = JobViewer.From((await AuthenticationState).User);
        Form = NewForm();
        _live = new LiveBatches(LiveEvents, e => e is LiveEvent.RecurringStored || (e is LiveEvent.JobChanged { Event.JobId: var id } && IsLastRun(id)),
            _ => InvokeAsync(ReloadAsync));
        await LoadAsync();
    }

    // The recurring jobs whose history is open, with their latest runs.
    private readonly Dictionary<Guid, IReadOnlyList<RecurringRunDto>> _history = [];

    private bool IsLastRun(Guid jobId) => _items.Any(r => r.LastJobId == jobId) || _history.Values.Any(runs => runs.Any(run => run.JobId == jobId));

    // Loads overlap (a live change's reload, an action's own): only the one started last may show what it read, or
    // a reload that read before a resume and finished after it would show the job paused again.
    private int _loads;

    private async Task LoadAsync()
    {
        var load = ++_loads;
        var items = await Recurring.RunAsync(s => s.ListAsync(_viewer!, CancellationToken.None));
        var open = _history.Keys.ToList();
        var history = new Dictionary<Guid, IReadOnlyList<RecurringRunDto>>();
        foreach (var id in open)
        {
            var found = await Recurring.RunAsync(s => s.FindAsync(id, _viewer!, CancellationToken.None));
            if (found?.History is { } runs)
                history[id] = runs;
        }
        if (load != _loads)
            return;
        _items = items;
        _rows = _stableRows.Update(items);
        // The histories open when it started; one opened meanwhile keeps what its toggle read.
        foreach (var id in open.Where(_history.ContainsKey))
        {
            if (history.TryGetValue(id, out var runs))
                _history[id] = runs;
            else
                _history.Remove(id);
        }
        _loaded = true;
    }

    private string Shown() => JsonSerializer.Serialize(_items) + JsonSerializer.Serialize(_history);

    private async Task ToggleHistoryAsync(RecurringJobDto recurring)
    {
        if (_history.Remove(recurring.Id))
            return;
        var found = await Recurring.RunAsync(s => s.FindAsync(recurring.Id, _viewer!, CancellationToken.None));
        _history[recurring.Id] = found?.History ?? [];
    }

    /// <summary>
    /// Reads the list again for a live change, and renders only when it differs (a job's every event need not redraw
    /// the table; its rows are kept across reads, <see cref="StableRows{TKey, T}"/>, so a click is never lost to one).
    /// </summary>
    private async Task ReloadAsync()
    {
        var before = Shown();
        await LoadAsync();
        if (Shown() != before)
            StateHasChanged();
    }

    /// <summary>A type chosen: its payload's inputs, starting from an example its schema accepts.</summary>
    private void TypeChanged(string type)
    {
        Form.Type = type;
        BuildPayload(type, value: null);
    }

    /// <summary>The inputs of <paramref name="type"/>'s payload, filled with <paramref name="value"/> or else an example.</summary>
    private void BuildPayload(string type, JsonNode? value)
    {
        Errors.Remove("job.payload");
        _unknownTypePayload = null;
        _payloadBuilt++;
        Payload = Types.TryGet(type, out var info) && info.Schema.Tree is { } tree ? PayloadField.For(tree) : null;
        Payload?.Set(value ?? PayloadExample.For(info.Schema.Tree));
    }

    private void PayloadChanged() => Errors.Remove("job.payload");

    /// <summary>Whether the payload's inputs take a line of their own (a group, a list, JSON) or a place on the type's line.</summary>
    private bool PayloadOnItsOwnLine => Payload is { Kind: PayloadFieldKind.Group or PayloadFieldKind.List or PayloadFieldKind.Json };

    private async Task SaveAsync()
    {
        Errors.Clear();
        JsonElement payload;
        if (Payload is null)
        {
            if (_unknownTypePayload is not { } kept)
            {
                Errors["job.type"] = "Choose a job type.";
                return;
            }
            payload = kept;
        }
        else
            payload = JsonSerializer.SerializeToElement(Payload.Value());
        // The service checks the whole form at once (the schema among it): every message goes next to its field.
        var request = new RecurringJobRequest(Form.Name, Form.Cron, Form.TimeZone,
            new RecurringJobTemplate(Form.Type, payload, Form.Queue, Form.Priority), Form.Overlap, Form.Missed);
        _saving = true;
        try
        {
            var editing = _editing;
            var outcome = await Recurring.RunAsync(s => editing is { } id
                ? s.UpdateAsync(id, request, _viewer!, _viewer!.Actor(Origin), CancellationToken.None)
                : s.CreateAsync(request, _viewer!, CancellationToken.None));
            switch (outcome)
            {
                case RecurringOutcome.Done { RecurringJob: var saved }:
                    Snackbar.Add(editing is null ? $"Created recurring job {saved.Name}" : $"Saved recurring job {saved.Name}", Severity.Success);
                    StopEditing();
                    await LoadAsync();
                    break;
                case RecurringOutcome.Invalid { Errors: var errors }:
                    var others = Payload?.ShowServiceErrors(errors, "job.payload") ?? errors.Select(e => KeyValuePair.Create(e.Key, e.Value[0])).ToList();
                    foreach (var (field, message) in others)
                        Errors[field] = message;
                    break;
                default:
                    Errors["form"] = "This recurring job is gone: another session deleted it.";
                    StopEditing();
                    await LoadAsync();
                    break;
            }
        }
        finally
        {
            _saving = false;
        }
    }

    private void Edit(RecurringJobDto recurring)
    {
        _editing = recurring.Id;
        Errors.Clear();
        Form = new FormModel
        {
            Name = recurring.Name,
            Cron = recurring.Cron,
            TimeZone = recurring.TimeZone,
            Type = recurring.Job.Type,
            Queue = recurring.Job.Queue,
            Priority = recurring.Job.Priority,
            Overlap = recurring.Overlap,
            Missed = recurring.Missed,
        };
        BuildPayload(recurring.Job.Type, JsonNode.Parse(recurring.Job.Payload.GetRawText()));
        if (Payload is null)
            _unknownTypePayload = recurring.Job.Payload;
    }

    private void StopEditing()
    {
        _editing = null;
        Form = NewForm();
    }

    /// <summary>An empty form, on the first known type with an example payload.</summary>
    private FormModel NewForm()
    {
        var form = new FormModel();
        if (Types.All is [var first, ..])
            form.Type = first.Name;
        BuildPayload(form.Type, value: null);
        return form;
    }

    private async Task ActAsync(RecurringJobDto recurring, string action)
    {
        var outcome = await Recurring.RunAsync(s => action switch
        {
            "pause" => s.PauseAsync(recurring.Id, _viewer!, _viewer!.Actor(Origin), CancellationToken.None),
            "resume" => s.ResumeAsync(recurring.Id, _viewer!, _viewer!.Actor(Origin), CancellationToken.None),
            "run" => s.RunNowAsync(recurring.Id, _viewer!, _viewer!.Actor(Origin), CancellationToken.None),
            _ => s.DeleteAsync(recurring.Id, _viewer!, _viewer!.Actor(Origin), CancellationToken.None),
        });
        Snackbar.Add(outcome switch
        {
            RecurringOutcome.Ran { Job: var job } => $"Started a run of {recurring.Name}: job {job.Id}",
            RecurringOutcome.Deleted => $"Deleted {recurring.Name}",
            RecurringOutcome.Done { RecurringJob.Paused: true } => $"Paused {recurring.Name}",
            RecurringOutcome.Done => $"Resumed {recurring.Name}",
            _ => $"{recurring.Name} is gone: another session deleted it",
        }, outcome is RecurringOutcome.NotFound ? Severity.Warning : Severity.Success);
        await LoadAsync();
    }

    public void Dispose() => _live?.Dispose();
}
