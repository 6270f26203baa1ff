using System.Text.Json;

namespace JobQueue.Dashboard.HttpWorkers;

/// <param name="Result">The job's result (any JSON; a string is kept as it is) when it succeeded.</param>
/// <param name="Error">Why it failed: the job then follows its retry rules.</param>
public sealed record AckRequest(string? WorkerId, JsonElement? Result, string? Error);
