namespace JobQueue.Dashboard.Api;

/// <summary>
/// An enum-shaped input read by its documented names only: one name, any case. Never a number (<c>"3"</c>), never a
/// list of names (<c>"high, low"</c>, which <see cref="Enum.TryParse{TEnum}(string, bool, out TEnum)"/> would combine).
/// </summary>
public static class EnumNames
{
    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum => TryParse(text, Enum.GetValues<T>(), out value);

    /// <param name="allowed">The values this input takes (a route may take fewer than the enum has).</param>
    public static bool TryParse<T>(string? text, IReadOnlyCollection<T> allowed, out T value) where T : struct, Enum
    {
        foreach (var candidate in allowed)
        {
            if (string.Equals(Enum.GetName(candidate), text, StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>The names as the API writes them: <c>cancel, retry, delete</c>.</summary>
    public static string Describe<T>(IReadOnlyCollection<T>? allowed = null) where T : struct, Enum =>
        string.Join(", ", (allowed ?? Enum.GetValues<T>()).Select(v => Camel(Enum.GetName(v)!)));

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
