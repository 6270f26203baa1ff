using System.Text.Json;

namespace JobQueue.Shared.JobTypes;

/// <summary>
/// The payload of the text job types: a JSON string that is not blank. Like every payload rule here, the dashboard
/// checks it before it stores a job and the worker before it runs one, so both always agree on what is valid.
/// </summary>
public static class TextPayload
{
    public const int MaxLength = 60_000;
    public const string Field = "text";

    public static PayloadProblem? Check(JsonElement payload, out string text)
    {
        text = "";
        if (payload.ValueKind != JsonValueKind.String)
            return PayloadProblem.Whole($"must be a JSON string, not {PayloadProblem.Describe(payload)}.");
        text = payload.GetString()!;
        return string.IsNullOrWhiteSpace(text) ? new PayloadProblem(Field, "The text", "must not be empty or only spaces.")
            : text.Length > MaxLength ? new PayloadProblem(Field, "The text", $"must be at most {MaxLength} characters long.")
            : null;
    }

    /// <returns>null when the payload is valid, else what is wrong with it.</returns>
    public static string? TryRead(JsonElement payload, out string text) => Check(payload, out text)?.Message;
}
