namespace JobQueue.Dashboard.Components.Jobs.Payload;

/// <summary>How a part of a payload is entered: by the JSON Schema type of that part.</summary>
public enum PayloadFieldKind
{
    Text,

    /// <summary>A whole number (JSON Schema's <c>integer</c>).</summary>
    Whole,
    Number,
    Boolean,

    /// <summary>One of the schema's <c>enum</c> values, chosen from a list.</summary>
    Choice,

    /// <summary>An object: its properties, each a field of its own.</summary>
    Group,

    /// <summary>An array: its items, each a field of its own, added and removed.</summary>
    List,

    /// <summary>Anything a form cannot be made for (<c>anyOf</c>, <c>$ref</c>, no type): typed as JSON.</summary>
    Json,
}
