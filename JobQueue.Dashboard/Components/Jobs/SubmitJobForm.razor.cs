using System.Text.Json;
using System.Text.Json.Nodes;
using JobQueue.Dashboard.Components.Jobs.Payload;
using JobQueue.Dashboard.Identity;
using JobQueue.Dashboard.Jobs;
using JobQueue.Dashboard.JobTypes;
using JobQueue.Dashboard.Live;
using JobQueue.Dashboard.Workers;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.JobTypes;
using JobQueue.Shared.Messaging;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace JobQueue.Dashboard.Components.Jobs;

/// <summary>
/// The submit form. Its payload inputs are made from the chosen type's JSON Schema, as its workers advertised it
/// (<see cref="PayloadField"/>): the required parts on the form's line, the optional ones under Options, groups and
/// lists below. Every part is checked with the same schema as the API, each message next to the field it is about and
/// worded with that field's label. Changing a field clears its message; the next Submit checks everything again.
/// </summary>
public sealed partial class SubmitJobForm : IDisposable
{
    /// <summary>The label of each of the form's own fields, by the key its message is kept under.</summary>
    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        ["queue"] = "Queue",
        ["maxAttempts"] = "Max attempts",
        ["timeoutSeconds"] = "Timeout",
        ["delaySeconds"] = "Delay (s)",
    };

    [Inject] private Scoped<JobService> Jobs { get; set; } = default!;
    [Inject] private IJobTypeCatalog Types { get; set; } = default!;
    [Inject] private WorkerRegistry Workers { get; set; } = default!;
    [Inject] private LiveEvents Live { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [CascadingParameter] private BrowserClock BrowserClock { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private Dashboard.Queues.IQueueStats QueueStats { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    /// <summary>Raised with the new job once it is stored.</summary>
    [Parameter] public EventCallback<Job> OnSubmitted { get; set; }

    private string _jobType = "";
    private string? _schemaBuiltFrom;
    private IDisposable? _live;

    /// <summary>The chosen type; its payload inputs are made afresh from its schema.</summary>
    public string JobType
    {
        get => _jobType;
        set
        {
            _jobType = value;
            Build(keep: null);
        }
    }

    /// <summary>The payload's inputs, made from the chosen type's schema; null when no type is known.</summary>
    public PayloadField? Payload { get; private set; }

    /// <summary>Empty means the job type's default.</summary>
    public int? MaxAttempts { get; set; }

    /// <summary>Empty means the job type's default.</summary>
    public int? TimeoutSeconds { get; set; }
    public string? Queue { get; set; } = Topology.DefaultQueue;
    public JobPriority Priority { get; set; } = JobPriority.Normal;

    /// <summary>Empty means run now; else the job is Scheduled for that many seconds.</summary>
    public double? DelaySeconds { get; set; }

    /// <summary>The messages of the form's own fields (queue, attempts, timeout, delay, submit); a payload field holds its own.</summary>
    public Dictionary<string, string> Errors { get; } = [];
    private bool Submitting { get; set; }

    /// <summary>The advanced options (attempts, timeout, priority, delay, the payload's optional parts) are folded until asked for, or until one of them gets a message.</summary>
    private bool _advanced;

    private static readonly string[] AdvancedFields = ["maxAttempts", "timeoutSeconds", "priority", "delaySeconds"];

    private static readonly Dictionary<string, object> QueueAttributes = new() { ["id"] = "queue", ["list"] = "queue-options", ["autocomplete"] = "off" };
    private static readonly Dictionary<string, object> JobTypeAttributes = new() { ["id"] = "job-type" };

    private KnownJobType? Type => Types.TryGet(JobType, out var type) ? type : null;

    private bool RunsNow => Workers.AnyOnlineRuns(JobType);

    private string? Description => Type?.Definition.Description;

    /// <summary>The payload itself when it is one value; else its required parts that fit on the line.</summary>
    private IEnumerable<PayloadField> Inline => Payload is null ? []
        : Payload.Kind != PayloadFieldKind.Group ? [Payload]
        : Payload.Children.Where(f => f.Required && IsSimple(f));

    /// <summary>The payload's optional parts that fit a line: under Options.</summary>
    private IEnumerable<PayloadField> Folded => Payload is { Kind: PayloadFieldKind.Group } ? Payload.Children.Where(f => !f.Required && IsSimple(f)) : [];

    /// <summary>The payload's groups and lists, each on a line of its own under the form's line.</summary>
    private IEnumerable<PayloadField> Blocks => Payload is { Kind: PayloadFieldKind.Group } ? Payload.Children.Where(f => !IsSimple(f)) : [];

    private static bool IsSimple(PayloadField field) => field.Kind is not (PayloadFieldKind.Group or PayloadFieldKind.List or PayloadFieldKind.Json);

    private static readonly string[] Options = ["Attempts", "timeout", "priority", "delay"];

    private string OptionsTitle => string.Join(", ", Options.Concat(Folded.Select(f => f.Label.ToLowerInvariant())));

    private string TimeoutHelp => Type is { } type ? $"default: {JobFormat.Words(TimeSpan.FromSeconds(type.Definition.DefaultTimeoutSeconds))}" : "default: the type's";

    private string AttemptsHelp => $"default: {Type?.Definition.DefaultMaxAttempts ?? JobLimits.DefaultMaxAttempts}";

    /// <summary>Under the queue: who takes its jobs, or that no such queue exists (the submit would be refused).</summary>
    private string QueueHelp
    {
        get
        {
            if (string.IsNullOrWhiteSpace(Queue))
                return "choose a queue";
            if (QueueStats.Latest is not { } stats)
                return "an existing queue";
            var queue = stats.Queues.FirstOrDefault(q => q.Name == Queue.Trim());
            return queue is null ? "no such queue: choose one from the list" : ConsumersText(queue.Consumers);
        }
    }

    private static string ConsumersText(long consumers) => consumers switch
    {
        0 => "no worker takes it now",
        1 => "1 worker takes it",
        _ => $"{consumers} workers take it",
    };

    protected override void OnInitialized()
    {
        if (JobType.Length == 0 && Types.All.Count > 0)
            JobType = Types.All[0].Name;
        // A type advertised or changed while the form is open: the list follows, and the chosen type's inputs with it.
        _live = Live.Subscribe(e =>
        {
            if (e is LiveEvent.JobTypesChanged)
                _ = InvokeAsync(() =>
                {
                    if (JobType.Length == 0 && Types.All.Count > 0)
                        JobType = Types.All[0].Name;
                    else if (Type is { } type && type.Definition.Schema.GetRawText() != _schemaBuiltFrom)
                        Build(keep: Payload?.Value());
                    StateHasChanged();
                });
        });
    }

    /// <summary>Makes the payload's inputs from the chosen type's schema, keeping what was entered where it still fits.</summary>
    private void Build(JsonNode? keep)
    {
        Errors.Clear();
        var type = Type;
        _schemaBuiltFrom = type?.Definition.Schema.GetRawText();
        Payload = type?.Schema.Tree is { } tree ? PayloadField.For(tree) : null;
        if (keep is not null)
            Payload?.Set(keep);
    }

    /// <summary>
    /// One notice for the latest submit (a new one replaces the last), short, with a link to the job: the table below
    /// shows the job itself.
    /// </summary>
    private void Notify(Job job)
    {
        const string key = "submit";
        Snackbar.RemoveByKey(key);
        var id = JobFormat.ShortId(job.Id);
        Snackbar.Add(job.RunAt is { } runAt ? $"Scheduled {id} for {BrowserClock.Format(runAt, "HH:mm:ss")}" : $"Submitted {id}", Severity.Success, options =>
        {
            options.Action = "Open";
            options.ActionColor = Color.Inherit;
            options.OnClick = _ =>
            {
                Navigation.NavigateTo($"/jobs/{job.Id}");
                return Task.CompletedTask;
            };
        }, key);
    }

    /// <summary>Enter in any of the form's text fields submits, as in any form.</summary>
    private async Task SubmitOnEnterAsync(Microsoft.AspNetCore.Components.Web.KeyboardEventArgs e)
    {
        if (e.Key is "Enter" or "NumpadEnter")
            await SubmitAsync();
    }

    private static Dictionary<string, object> Id(string id) => new() { ["id"] = id };

    private Task TypeChangedAsync(string type)
    {
        JobType = type;
        return Task.CompletedTask;
    }

    private void PayloadChanged() => Errors.Remove("submit");

    // Each setter forgets the field's message: MudBlazor applies an error only when the value handed to it changes, so
    // a message must go (false) before a new one can come (true).
    private void SetQueue(string? value) => Set("queue", () => Queue = value);
    private void SetMaxAttempts(int? value) => Set("maxAttempts", () => MaxAttempts = value);
    private void SetTimeout(int? value) => Set("timeoutSeconds", () => TimeoutSeconds = value);
    private void SetDelay(double? value) => Set("delaySeconds", () => DelaySeconds = value);
    private void SetPriority(JobPriority value) => Set("priority", () => Priority = value);

    private void Set(string field, Action change)
    {
        change();
        Errors.Remove(field);
        Errors.Remove("submit");
    }

    /// <summary>Builds the payload from the inputs and checks it and the options; each message goes next to its field.</summary>
    /// <returns>The payload, or null when anything has a message.</returns>
    public JsonElement? Validate()
    {
        Errors.Clear();
        JsonElement? payload = null;
        if (Type is not { } type || Payload is null)
            Errors["submit"] = "Choose a job type.";
        else
        {
            var value = JsonSerializer.SerializeToElement(Payload.Value());
            var problems = type.Schema.Validate(value);
            Payload.ShowErrors(problems);
            if (problems.Count == 0)
                payload = value;
        }
        if (Topology.ValidateQueueName(Queue) is { } queueError)
            Errors["queue"] = queueError;
        if (JobLimits.ValidateMaxAttempts(MaxAttempts, Labels["maxAttempts"]) is { } attemptsError)
            Errors["maxAttempts"] = attemptsError;
        if (JobLimits.ValidateTimeout(TimeoutSeconds, Labels["timeoutSeconds"]) is { } timeoutError)
            Errors["timeoutSeconds"] = timeoutError;
        if (SubmitRules.ValidateTiming(Request(default), DateTime.UtcNow, out _) is { } delayError)
            Errors["delaySeconds"] = delayError.Replace("delaySeconds", Labels["delaySeconds"], StringComparison.Ordinal);
        UnfoldForMessages();
        return Errors.Count == 0 ? payload : null;
    }

    /// <summary>Every message of the form by its field: the form's own fields by name, the payload's by their path (<c>payload.seconds</c>).</summary>
    public IReadOnlyDictionary<string, string> Messages => Errors
        .Concat((Payload?.All() ?? []).Where(f => f.Error is not null)
            .Select(f => KeyValuePair.Create(new PayloadError(f.Path, "").Key("payload"), f.Error!)))
        .ToDictionary();

    /// <summary>A message about a folded field unfolds the options, and they stay open while it is mended.</summary>
    private void UnfoldForMessages() => _advanced |= AdvancedFields.Any(Errors.ContainsKey) || Folded.Any(f => f.Error is not null);

    private SubmitJobRequest Request(JsonElement payload) =>
        new(JobType, payload, Queue, MaxAttempts, TimeoutSeconds, DelaySeconds: DelaySeconds,
            Priority: Priority == JobPriority.Normal ? null : SubmitRules.Name(Priority));

    private async Task SubmitAsync()
    {
        if (Submitting || Validate() is not { } payload)
            return;
        Submitting = true;
        try
        {
            var viewer = JobViewer.From((await AuthenticationState).User);
            var outcome = await Jobs.RunAsync(s => s.SubmitAsync(Request(payload), viewer, CancellationToken.None));
            switch (outcome)
            {
                case SubmitOutcome.Accepted { Job: var job }:
                    Notify(job);
                    await OnSubmitted.InvokeAsync(job);
                    break;
                case SubmitOutcome.Invalid { Errors: var errors }:
                    // The same rules ran here already; what the service adds is what only it knows, such as which queues
                    // exist, or a schema that changed a moment ago.
                    var others = Payload?.ShowServiceErrors(errors, "payload") ?? errors.Select(e => KeyValuePair.Create(e.Key, e.Value[0])).ToList();
                    foreach (var (field, message) in others)
                        Errors[field == "type" ? "submit" : field] = message;
                    UnfoldForMessages();
                    break;
                case SubmitOutcome.RateLimited { RetryAfter: var retryAfter }:
                    Errors["submit"] = $"Too many submits: try again in {Math.Ceiling(retryAfter.TotalSeconds)} s.";
                    break;
                case SubmitOutcome.Unavailable:
                    Errors["submit"] = "The job store is unavailable, so the job was not taken. Try again shortly.";
                    break;
            }
        }
        finally
        {
            Submitting = false;
        }
    }

    public void Dispose() => _live?.Dispose();
}
