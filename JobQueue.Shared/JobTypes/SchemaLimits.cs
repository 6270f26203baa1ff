namespace JobQueue.Shared.JobTypes;

/// <summary>
/// The bounds an advertised payload schema, and the check of one payload against it, are held to. A schema comes from a
/// worker (a worker key is enough), so it is data from outside: it is measured against these before the schema library
/// compiles or evaluates it, and a payload's check is costed before it runs.
/// </summary>
public static class SchemaLimits
{
    /// <summary>How deep objects and arrays may nest in a schema (JSON nesting, not subschemas).</summary>
    public const int MaxDepth = 32;

    /// <summary>The most subschemas one schema may hold, <c>$defs</c> included.</summary>
    public const int MaxSubschemas = 2_000;

    /// <summary>The longest path from the root through subschemas and <c>$ref</c>s: how deep an evaluation can recurse.</summary>
    public const int MaxEvaluationDepth = 64;

    /// <summary>The longest <c>pattern</c>.</summary>
    public const int MaxPatternLength = 1_000;

    /// <summary>The most values an <c>enum</c> may list.</summary>
    public const int MaxEnumValues = 1_000;

    /// <summary>
    /// What checking one payload may cost, in <see cref="Guard.PayloadCost"/>'s units (about one keyword applied to one value
    /// each): on this project's 2-core machines a check costs 0.5 to 2 us a unit, so the most costly payload within it
    /// is checked in about 50 ms. A payload past it is refused before it is checked ("too costly to check").
    /// </summary>
    public const long CheckBudget = 25_000;

    /// <summary>
    /// The most a payload that breaks its schema may cost for each of its mistakes to be listed: listing costs about 6 us
    /// a unit (every keyword's outcome is kept and worded), so about 30 ms. A larger payload that breaks its schema is
    /// refused as a whole, without the list.
    /// </summary>
    public const long ListBudget = 5_000;
}
