namespace JobQueue.Shared.JobTypes.Guard;

/// <summary>
/// One subschema as <see cref="SchemaGuard"/> read it: what applies to which part of a value, for <see cref="PayloadCost"/>
/// to price a payload's check before it runs. Built once per schema; never changed after <see cref="SchemaGuard"/> returns.
/// </summary>
public sealed class SchemaNode(string location)
{
    /// <summary>Where the subschema is, as a JSON pointer into the schema (<c>""</c> for the root).</summary>
    public string Location { get; } = location;

    /// <summary>How many keywords it has: each is applied once to each value it meets.</summary>
    public int Keywords { get; set; }

    public Dictionary<string, SchemaNode>? Properties { get; set; }
    public SchemaNode? AdditionalProperties { get; set; }
    public SchemaNode? Items { get; set; }
    public List<SchemaNode>? PrefixItems { get; set; }

    /// <summary>Subschemas applied to the same value: <c>allOf</c>, <c>anyOf</c>, <c>oneOf</c>, <c>not</c>, <c>if</c>/<c>then</c>/<c>else</c>, and <c>$ref</c>'s target.</summary>
    public List<SchemaNode> SameValue { get; } = [];

    /// <summary>The subschemas that do not apply to a value by themselves (<c>$defs</c>), walked only to be checked.</summary>
    public List<SchemaNode> Definitions { get; } = [];

    /// <summary>The target of its <c>$ref</c> as written (resolved by <see cref="SchemaGuard"/>).</summary>
    public string? Reference { get; set; }

    /// <summary>How many values <c>enum</c> and <c>const</c> compare a value with.</summary>
    public int Comparisons { get; set; }

    public bool UniqueItems { get; set; }

    /// <summary>Whether a string is matched or parsed (<c>pattern</c>, <c>format</c>, lengths): a cost per character.</summary>
    public bool ReadsText { get; set; }

    /// <summary>Every subschema it applies to a value or holds, for walking the graph.</summary>
    public IEnumerable<SchemaNode> Children =>
        (Properties?.Values ?? Enumerable.Empty<SchemaNode>())
        .Concat(AdditionalProperties is null ? [] : [AdditionalProperties])
        .Concat(Items is null ? [] : [Items])
        .Concat(PrefixItems ?? [])
        .Concat(SameValue)
        .Concat(Definitions);
}
