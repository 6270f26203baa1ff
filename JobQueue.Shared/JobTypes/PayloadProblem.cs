using System.Text.Json;

namespace JobQueue.Shared.JobTypes;

/// <summary>
/// What is wrong with a payload: the part it is about (<see cref="Field"/>, null for the payload as a whole), and the
/// rule it breaks, so that the API can name the JSON field and a form the label of its input.
/// </summary>
/// <param name="Subject">How the API names the part: <c>"seconds"</c>, <c>n</c>, <c>The text</c>.</param>
/// <param name="Rule">The rest of the sentence: <c>must be between 1 and 1000.</c></param>
public sealed record PayloadProblem(string? Field, string Subject, string Rule)
{
    /// <summary>The whole sentence as the API says it.</summary>
    public string Message => $"{Subject} {Rule}";

    /// <summary>The sentence with the form's label for the part instead of its JSON name.</summary>
    public string MessageFor(string label) => $"{label} {Rule}";

    /// <summary>A problem with the payload as a whole (not JSON of the right kind).</summary>
    public static PayloadProblem Whole(string message) => new(null, "The payload", message);

    internal static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Undefined => "nothing",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => element.ValueKind.ToString(),
    };
}
