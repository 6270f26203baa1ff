using System.Text.Json;

namespace JobQueue.Dashboard.Recurring;

/// <summary>What each run of a recurring job submits: the fields of a submit, less its timing and unique key.</summary>
public sealed record RecurringJobTemplate(string? Type, JsonElement Payload, string? Queue = null, string? Priority = null, int? MaxAttempts = null,
    int? TimeoutSeconds = null);
