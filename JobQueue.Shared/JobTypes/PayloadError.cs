namespace JobQueue.Shared.JobTypes;

/// <summary>One way a payload breaks its job type's schema.</summary>
/// <param name="Path">Where, as a JSON path from the payload: <c>""</c> for the payload itself, <c>seconds</c>, <c>items[2].name</c>.</param>
/// <param name="Rule">The rest of the sentence: <c>must be between 1 and 1000.</c></param>
public sealed record PayloadError(string Path, string Rule)
{
    /// <summary>The whole sentence as the API says it: <c>seconds must be between 1 and 1000.</c></summary>
    public string Message => $"{(Path.Length == 0 ? "The payload" : Path)} {Rule}";

    /// <summary>The key of this error in a ProblemDetails' <c>errors</c>, under <paramref name="root"/> (<c>payload</c>, <c>jobs[3].payload</c>).</summary>
    public string Key(string root) => Path.Length == 0 ? root : Path[0] == '[' ? root + Path : $"{root}.{Path}";
}
