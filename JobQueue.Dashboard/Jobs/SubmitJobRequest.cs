using System.Text.Json;

namespace JobQueue.Dashboard.Jobs;

/// <param name="MaxAttempts">1 to 10; 3 when left out.</param>
/// <param name="TimeoutSeconds">How long one attempt may run; the job type's default when left out.</param>
public sealed record SubmitJobRequest(string? Type, JsonElement Payload, string? Queue, int? MaxAttempts = null, int? TimeoutSeconds = null);
