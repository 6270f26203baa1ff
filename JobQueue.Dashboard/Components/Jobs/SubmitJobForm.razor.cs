using System.Text.Json;
using JobQueue.Dashboard.Identity;
using JobQueue.Dashboard.Jobs;
using JobQueue.Dashboard.Workers;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.JobTypes;
using JobQueue.Shared.Messaging;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace JobQueue.Dashboard.Components.Jobs;

/// <summary>
/// The submit form: one input per part of the chosen type's payload, checked with the same rules as the API
/// (JobQueue.Shared), each message next to the field it is about and worded with that field's label. Changing a field
/// clears its message; the next Submit checks everything again, so a second bad value gets its message too.
/// </summary>
public partial class SubmitJobForm
{
    /// <summary>The label of each field, by the key its message is kept under.</summary>
    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        [TextPayload.Field] = "Text",
        [FibonacciPayload.Field] = "n",
        ["seconds"] = "Seconds",
        ["steps"] = "Steps",
        ["queue"] = "Queue",
        ["maxAttempts"] = "Max attempts",
        ["timeoutSeconds"] = "Timeout",
        ["delaySeconds"] = "Delay (s)",
    };

    [Inject] private Scoped<JobService> Jobs { get; set; } = default!;
    [Inject] private WorkerRegistry Workers { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private Dashboard.Queues.IQueueStats QueueStats { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    /// <summary>Raised with the new job once it is stored.</summary>
    [Parameter] public EventCallback<Job> OnSubmitted { get; set; }

    public string JobType { get; set; } = JobTypeNames.ReverseString;
    public string? Text { get; set; }
    public int? N { get; set; }
    public double? Seconds { get; set; }
    public int? Steps { get; set; }
    public bool Fail { get; set; }
    public int? MaxAttempts { get; set; } = JobLimits.DefaultMaxAttempts;

    /// <summary>Empty means the job type's default.</summary>
    public int? TimeoutSeconds { get; set; }
    public string? Queue { get; set; } = Topology.DefaultQueue;
    public JobPriority Priority { get; set; } = JobPriority.Normal;

    /// <summary>Empty means run now; else the job is Scheduled for that many seconds.</summary>
    public double? DelaySeconds { get; set; }
    public Dictionary<string, string> Errors { get; } = [];
    private bool Submitting { get; set; }

    private string TimeoutHelp => JobTypeCatalog.TryGet(JobType, out var type)
        ? $"default: {JobFormat.Words(type.DefaultTimeout)}"
        : "default: the type's";

    /// <summary>The advanced options (attempts, timeout, priority, delay, failing on purpose) are folded until asked for, or until one of them gets a message.</summary>
    private bool _advanced;

    private static readonly string[] AdvancedFields = ["maxAttempts", "timeoutSeconds", "priority", "delaySeconds"];

    private static readonly Dictionary<string, object> QueueAttributes = new() { ["id"] = "queue", ["list"] = "queue-options", ["autocomplete"] = "off" };

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

    /// <summary>
    /// One notice for the latest submit (a new one replaces the last), short, with a link to the job: the table below
    /// shows the job itself.
    /// </summary>
    private void Notify(Job job)
    {
        const string key = "submit";
        Snackbar.RemoveByKey(key);
        var id = JobFormat.ShortId(job.Id);
        Snackbar.Add(job.RunAt is { } runAt ? $"Scheduled {id} for {runAt.ToLocalTime():HH:mm:ss}" : $"Submitted {id}", Severity.Success, options =>
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
        if (e.Key is "Enter" or "NumpadEnter" && !Submitting)
            await SubmitAsync();
    }

    private static readonly Dictionary<string, object> FailAttributes = new()
    {
        ["id"] = "payload-fail",
        ["title"] = "Each attempt fails when it has slept: shows retries and dead letters",
    };

    private static Dictionary<string, object> Id(string id) => new() { ["id"] = id };

    private Task TypeChangedAsync(string type)
    {
        JobType = type;
        Errors.Clear();
        return Task.CompletedTask;
    }

    // Each setter forgets the field's message: MudBlazor applies an error only when the value handed to it changes, so
    // a message must go (false) before a new one can come (true).
    private void SetText(string? value) => Set(TextPayload.Field, () => Text = value);
    private void SetN(int? value) => Set(FibonacciPayload.Field, () => N = value);
    private void SetSeconds(double? value) => Set("seconds", () => Seconds = value);
    private void SetSteps(int? value) => Set("steps", () => Steps = value);
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

    /// <summary>Builds the payload from the inputs and checks it; fills <see cref="Errors"/> by field.</summary>
    public JsonElement? Validate()
    {
        Errors.Clear();
        JsonElement? payload = JobType switch
        {
            JobTypeNames.FibonacciCalc => N is { } n ? JsonSerializer.SerializeToElement(n) : Missing(FibonacciPayload.Field, "Enter a whole number n from 0 to 10000."),
            JobTypeNames.Sleep => SleepPayload(),
            _ => JsonSerializer.SerializeToElement(Text ?? ""),
        };
        if (payload is { } p && JobTypeCatalog.TryGet(JobType, out var type) && type.Check(p) is { } problem)
        {
            var field = problem.Field ?? DefaultField;
            Errors[field] = problem.MessageFor(Labels.GetValueOrDefault(field, field));
        }
        if (Topology.ValidateQueueName(Queue) is { } queueError)
            Errors["queue"] = queueError;
        if (MaxAttempts is null)
            Errors["maxAttempts"] = $"Enter how many attempts the job gets ({JobLimits.MinAttempts} to {JobLimits.MaxAttempts}).";
        else if (JobLimits.ValidateMaxAttempts(MaxAttempts, Labels["maxAttempts"]) is { } attemptsError)
            Errors["maxAttempts"] = attemptsError;
        if (JobLimits.ValidateTimeout(TimeoutSeconds, Labels["timeoutSeconds"]) is { } timeoutError)
            Errors["timeoutSeconds"] = timeoutError;
        if (SubmitRules.ValidateTiming(Request(default), DateTime.UtcNow, out _) is { } delayError)
            Errors["delaySeconds"] = delayError.Replace("delaySeconds", Labels["delaySeconds"], StringComparison.Ordinal);
        UnfoldForMessages();
        return Errors.Count == 0 ? payload : null;
    }

    /// <summary>A message about a folded field unfolds the options, and they stay open while it is mended.</summary>
    private void UnfoldForMessages() => _advanced |= AdvancedFields.Any(Errors.ContainsKey);

    /// <summary>Where a message about the payload as a whole goes: the type's one input.</summary>
    private string DefaultField => JobType switch
    {
        JobTypeNames.FibonacciCalc => FibonacciPayload.Field,
        JobTypeNames.Sleep => "seconds",
        _ => TextPayload.Field,
    };

    private JsonElement? SleepPayload()
    {
        if (Seconds is null)
            Missing("seconds", "Enter how many seconds to sleep (more than 0, at most 3600).");
        if (Steps is null)
            Missing("steps", "Enter the number of progress steps (1 to 1000).");
        return Seconds is { } s && Steps is { } k
            ? Fail ? JsonSerializer.SerializeToElement(new { seconds = s, steps = k, fail = true }) : JsonSerializer.SerializeToElement(new { seconds = s, steps = k })
            : null;
    }

    private JsonElement? Missing(string field, string message)
    {
        Errors[field] = message;
        return null;
    }

    private SubmitJobRequest Request(JsonElement payload) =>
        new(JobType, payload, Queue, MaxAttempts, TimeoutSeconds, DelaySeconds: DelaySeconds,
            Priority: Priority == JobPriority.Normal ? null : SubmitRules.Name(Priority));

    private async Task SubmitAsync()
    {
        if (Validate() is not { } payload)
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
                    // The same rules ran here already; what the service adds is what only it knows, such as which queues exist.
                    foreach (var (field, messages) in errors)
                        Errors[field == "payload" ? DefaultField : field] = messages[0];
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
}
