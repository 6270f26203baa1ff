using System.Text.RegularExpressions;

namespace JobQueue.Shared.JobTypes.Guard;

/// <summary>
/// A schema's <c>pattern</c> as JobQueue runs it: on .NET's non-backtracking engine, whose time is linear in the text
/// (so no pattern can stall a check, <c>^(a+)+$</c> included; the text is bounded by the payload's size and the check's
/// price). No match timeout: a wall-clock timeout fires on a busy machine for a match of microseconds (a thread not
/// scheduled for 50 ms), and a valid payload was refused that way. That engine takes no backreferences, lookarounds or
/// atomic groups: a pattern with one is refused when its schema is advertised.
/// </summary>
public static class SafePattern
{
    /// <returns>The compiled pattern, or null and why it cannot be taken.</returns>
    public static Regex? Compile(string pattern, out string? error)
    {
        error = null;
        if (pattern.Length > SchemaLimits.MaxPatternLength)
        {
            error = $"a pattern is at most {SchemaLimits.MaxPatternLength} characters, not {pattern.Length}.";
            return null;
        }
        try
        {
            return new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, Regex.InfiniteMatchTimeout);
        }
        catch (NotSupportedException ex)
        {
            // "RegexOptions.NonBacktracking is not supported in conjunction with expressions containing: 'backreference'", or too large an automaton.
            error = $"'{Shorten(pattern)}' cannot run on the non-backtracking engine JobQueue checks patterns with: {ex.Message.Replace("RegexOptions.NonBacktracking is not supported in conjunction with expressions containing: ", "it has ", StringComparison.Ordinal)}";
            return null;
        }
        catch (ArgumentException ex)
        {
            error = $"'{Shorten(pattern)}' is not a regular expression: {ex.Message}";
            return null;
        }
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
