using System.Text.Json;

namespace JobQueue.Dashboard.Jobs;

/// <param name="MaxAttempts">1 to 10; 3 when left out.</param>
/// <param name="TimeoutSeconds">How long one attempt may run; the job type's default when left out.</param>
/// <param name="RunAt">When to run it, an ISO 8601 time with <c>Z</c> or an offset; the job is Scheduled until then.</param>
/// <param name="DelaySeconds">Or: how many seconds from now to run it (not both).</param>
/// <param name="Priority"><c>high</c>, <c>normal</c> (when left out) or <c>low</c>, within its queue.</param>
/// <param name="UniqueKey">While a job of this owner with this key is not finished, a submit with it answers 409.</param>
public sealed record SubmitJobRequest(string? Type, JsonElement Payload, string? Queue, int? MaxAttempts = null, int? TimeoutSeconds = null,
    string? RunAt = null, double? DelaySeconds = null, string? Priority = null, string? UniqueKey = null);
