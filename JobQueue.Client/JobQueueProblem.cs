namespace JobQueue.Client;

/// <summary>A refusal as the API says it: an RFC 9457 problem details body, with each bad field's messages under <see cref="Errors"/>.</summary>
/// <param name="Errors">By field, as the API names it: <c>payload.seconds</c>, <c>queue</c>, <c>jobs[2].type</c>.</param>
public sealed record JobQueueProblem(string? Type, string? Title, int? Status, string? Detail, IReadOnlyDictionary<string, string[]>? Errors = null);
