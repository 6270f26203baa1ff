using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Pointer;

namespace JobQueue.Shared.JobTypes.Guard;

/// <summary>
/// Reads an advertised schema as data, before the schema library compiles or evaluates any of it: its size and depth
/// (<see cref="SchemaLimits"/>), only the keywords JobQueue documents (the form and the check take them), <c>$ref</c>s only
/// to subschemas of the same document and never back into themselves (a recursive schema can send an evaluation into
/// endless recursion), every <c>pattern</c> compiled on the non-backtracking engine, and only the formats it checks.
/// Answers the schema's graph of subschemas, for <see cref="PayloadCost"/>, or why it is refused.
/// </summary>
public static class SchemaGuard
{
    /// <summary>The schema drafts a schema may name in <c>$schema</c>.</summary>
    public static readonly FrozenSet<string> Drafts = FrozenSet.Create(StringComparer.Ordinal,
        "https://json-schema.org/draft/2020-12/schema", "http://json-schema.org/draft-07/schema#", "http://json-schema.org/draft-07/schema");

    /// <summary>The formats a schema may name; each is checked (a payload that breaks one is refused).</summary>
    public static readonly FrozenSet<string> Formats = FrozenSet.Create(StringComparer.Ordinal,
        "date-time", "date", "time", "duration", "email", "idn-email", "hostname", "idn-hostname", "ipv4", "ipv6",
        "uri", "uri-reference", "iri", "iri-reference", "uuid", "json-pointer", "relative-json-pointer", "regex");

    /// <summary>The types <c>type</c> may name.</summary>
    private static readonly FrozenSet<string> Types = FrozenSet.Create(StringComparer.Ordinal,
        "null", "boolean", "object", "array", "number", "integer", "string");

    private enum Shape { Annotation, Subschema, SubschemaMap, SubschemaList, Validation }

    /// <summary>Every keyword a schema may use, and what its value is.</summary>
    public static readonly FrozenDictionary<string, string> Keywords = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["$schema"] = "the draft", ["$comment"] = "a note", ["$ref"] = "a reference into this schema (#/...)",
        ["$defs"] = "definitions", ["definitions"] = "definitions",
        ["title"] = "a label", ["description"] = "help text", ["default"] = "a value", ["examples"] = "values",
        ["deprecated"] = "a flag", ["readOnly"] = "a flag", ["writeOnly"] = "a flag", ["errorMessage"] = "JobQueue's wording",
        ["type"] = "a check", ["enum"] = "a check", ["const"] = "a check",
        ["multipleOf"] = "a check", ["minimum"] = "a check", ["maximum"] = "a check", ["exclusiveMinimum"] = "a check", ["exclusiveMaximum"] = "a check",
        ["minLength"] = "a check", ["maxLength"] = "a check", ["pattern"] = "a check", ["format"] = "a check",
        ["minItems"] = "a check", ["maxItems"] = "a check", ["uniqueItems"] = "a check",
        ["minProperties"] = "a check", ["maxProperties"] = "a check", ["required"] = "a check",
        ["properties"] = "subschemas", ["additionalProperties"] = "a subschema", ["items"] = "a subschema", ["prefixItems"] = "subschemas",
        ["allOf"] = "subschemas", ["anyOf"] = "subschemas", ["oneOf"] = "subschemas", ["not"] = "a subschema",
        ["if"] = "a subschema", ["then"] = "a subschema", ["else"] = "a subschema",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static Shape ShapeOf(string keyword) => keyword switch
    {
        "properties" or "$defs" or "definitions" => Shape.SubschemaMap,
        "prefixItems" or "allOf" or "anyOf" or "oneOf" => Shape.SubschemaList,
        "additionalProperties" or "items" or "not" or "if" or "then" or "else" => Shape.Subschema,
        "$schema" or "$comment" or "title" or "description" or "default" or "examples" or "deprecated" or "readOnly" or "writeOnly" or "errorMessage" => Shape.Annotation,
        _ => Shape.Validation,
    };

    /// <returns>The schema's root subschema with its graph, or null and why the schema is refused.</returns>
    public static SchemaNode? Inspect(JsonNode? schema, out string? error)
    {
        var reader = new Reader();
        try
        {
            var root = reader.Read(schema, [], depth: 0);
            reader.ResolveReferences();
            Measure(root);
            error = null;
            return root;
        }
        catch (RefusedSchemaException refused)
        {
            error = refused.Message;
            return null;
        }
    }

    /// <summary>Refuses a recursive schema (a cycle through <c>$ref</c>) and one whose evaluation could recurse deeper than <see cref="SchemaLimits.MaxEvaluationDepth"/>.</summary>
    private static void Measure(SchemaNode root)
    {
        var depth = new Dictionary<SchemaNode, int>(ReferenceEqualityComparer.Instance);
        var open = new HashSet<SchemaNode>(ReferenceEqualityComparer.Instance);
        // Depth-first without the call stack: a hostile graph must not be able to overflow it here either.
        var stack = new Stack<(SchemaNode Node, IEnumerator<SchemaNode> Children)>();
        stack.Push((root, root.Children.GetEnumerator()));
        open.Add(root);
        while (stack.Count > 0)
        {
            var (node, children) = stack.Peek();
            if (children.MoveNext())
            {
                var child = children.Current;
                if (open.Contains(child))
                    throw new RefusedSchemaException($"The schema is recursive: {Where(child.Location)} refers back to itself (through $ref), which JobQueue does not take.");
                if (!depth.ContainsKey(child))
                {
                    open.Add(child);
                    stack.Push((child, child.Children.GetEnumerator()));
                }
                continue;
            }
            stack.Pop();
            open.Remove(node);
            var deepest = 1 + node.Children.Select(c => depth[c]).DefaultIfEmpty(0).Max();
            if (deepest > SchemaLimits.MaxEvaluationDepth)
                throw new RefusedSchemaException($"The schema nests (through subschemas and $ref) more than {SchemaLimits.MaxEvaluationDepth} levels deep at {Where(node.Location)}.");
            depth[node] = deepest;
        }
    }

    private static string Where(string location) => location.Length == 0 ? "the root" : location;

    /// <summary>One reading of one schema: the subschemas met so far, by their location.</summary>
    private sealed class Reader
    {
        private readonly Dictionary<string, SchemaNode> _byLocation = new(StringComparer.Ordinal);
        private readonly List<SchemaNode> _referring = [];

        public SchemaNode Read(JsonNode? schema, IReadOnlyList<string> path, int depth)
        {
            var location = Pointer(path);
            if (depth > SchemaLimits.MaxDepth)
                throw new RefusedSchemaException($"The schema nests more than {SchemaLimits.MaxDepth} levels deep at {Where(location)}.");
            if (_byLocation.Count >= SchemaLimits.MaxSubschemas)
                throw new RefusedSchemaException($"The schema holds more than {SchemaLimits.MaxSubschemas} subschemas.");
            var node = new SchemaNode(location);
            _byLocation[location] = node;
            if (schema is JsonValue boolean && boolean.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
                return node;
            if (schema is not JsonObject keywords)
                throw new RefusedSchemaException($"A schema is an object or true or false; {Where(location)} is {Describe(schema)}.");
            foreach (var (keyword, value) in keywords)
            {
                if (!Keywords.ContainsKey(keyword))
                    throw new RefusedSchemaException($"'{Shorten(keyword)}' at {Where(location)} is not a keyword JobQueue takes; it takes {string.Join(", ", Keywords.Keys.Order(StringComparer.Ordinal))}.");
                node.Keywords++;
                var at = path.Append(keyword).ToList();
                switch (ShapeOf(keyword))
                {
                    case Shape.Subschema:
                        var sub = Read(value, at, depth + 1);
                        switch (keyword)
                        {
                            case "additionalProperties": node.AdditionalProperties = sub; break;
                            case "items": node.Items = sub; break;
                            default: node.SameValue.Add(sub); break;
                        }
                        break;
                    case Shape.SubschemaList:
                        if (value is not JsonArray { Count: > 0 } list)
                            throw new RefusedSchemaException($"{keyword} at {Where(location)} is a non-empty array of schemas.");
                        var subs = list.Select((s, i) => Read(s, [.. at, i.ToString(System.Globalization.CultureInfo.InvariantCulture)], depth + 2)).ToList();
                        if (keyword == "prefixItems")
                            node.PrefixItems = subs;
                        else
                            node.SameValue.AddRange(subs);
                        break;
                    case Shape.SubschemaMap:
                        if (value is not JsonObject map)
                            throw new RefusedSchemaException($"{keyword} at {Where(location)} is an object of schemas by name.");
                        var named = new Dictionary<string, SchemaNode>(StringComparer.Ordinal);
                        foreach (var (name, subschema) in map)
                            named[name] = Read(subschema, [.. at, name], depth + 2);
                        if (keyword == "properties")
                            node.Properties = named;
                        else
                            node.Definitions.AddRange(named.Values);
                        break;
                    case Shape.Annotation:
                        if (keyword == "$schema" && !(value is JsonValue draft && draft.TryGetValue<string>(out var uri) && Drafts.Contains(uri)))
                            throw new RefusedSchemaException($"$schema names a draft JobQueue checks by: {string.Join(" or ", Drafts.Take(2))}.");
                        CheckDepth(value, location, depth + 1);
                        break;
                    default:
                        CheckDepth(value, location, depth + 1);
                        Validation(node, keyword, value, location);
                        break;
                }
            }
            return node;
        }

        private void Validation(SchemaNode node, string keyword, JsonNode? value, string location)
        {
            switch (keyword)
            {
                case "$ref":
                    if (value is not JsonValue reference || !reference.TryGetValue<string>(out var target) || !target.StartsWith('#'))
                        throw new RefusedSchemaException($"$ref at {Where(location)} refers into this schema only: '#' or '#/$defs/name'.");
                    node.Reference = target;
                    _referring.Add(node);
                    break;
                case "pattern":
                    if (value is not JsonValue text || !text.TryGetValue<string>(out var pattern))
                        throw new RefusedSchemaException($"pattern at {Where(location)} is a regular expression in a string.");
                    if (SafePattern.Compile(pattern, out var patternError) is null)
                        throw new RefusedSchemaException($"pattern at {Where(location)}: {patternError}");
                    node.ReadsText = true;
                    break;
                case "format":
                    if (value is not JsonValue format || !format.TryGetValue<string>(out var name) || !Formats.Contains(name))
                        throw new RefusedSchemaException($"format at {Where(location)} is one of {string.Join(", ", Formats.Order(StringComparer.Ordinal))}.");
                    node.ReadsText = true;
                    break;
                case "minLength" or "maxLength":
                    node.ReadsText = true;
                    break;
                case "enum":
                    if (value is not JsonArray values || values.Count > SchemaLimits.MaxEnumValues)
                        throw new RefusedSchemaException($"enum at {Where(location)} is an array of at most {SchemaLimits.MaxEnumValues} values.");
                    node.Comparisons += values.Count;
                    break;
                case "const":
                    node.Comparisons++;
                    break;
                case "uniqueItems":
                    node.UniqueItems = value is JsonValue unique && unique.GetValueKind() == JsonValueKind.True;
                    break;
                case "type":
                    var names = value switch
                    {
                        JsonValue one when one.TryGetValue<string>(out var single) => [single],
                        JsonArray many => many.Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : "?").ToArray(),
                        _ => ["?"],
                    };
                    if (names.Length == 0 || names.Any(n => !Types.Contains(n)))
                        throw new RefusedSchemaException($"type at {Where(location)} is one or more of {string.Join(", ", Types)}.");
                    break;
            }
        }

        /// <summary>Points each <c>$ref</c> at the subschema it names: one that was read, in this document.</summary>
        public void ResolveReferences()
        {
            foreach (var node in _referring)
            {
                var fragment = Uri.UnescapeDataString(node.Reference![1..]);
                if (!JsonPointer.TryParse(fragment, out var pointer) || !_byLocation.TryGetValue(Pointer(pointer!.Select(s => s).ToList()), out var target))
                    throw new RefusedSchemaException($"$ref '{Shorten(node.Reference)}' at {Where(node.Location)} does not lead to a subschema of this schema.");
                node.SameValue.Add(target);
            }
        }

        private static void CheckDepth(JsonNode? value, string location, int depth)
        {
            if (depth > SchemaLimits.MaxDepth)
                throw new RefusedSchemaException($"The schema nests more than {SchemaLimits.MaxDepth} levels deep at {Where(location)}.");
            switch (value)
            {
                case JsonObject obj:
                    foreach (var (_, child) in obj)
                        CheckDepth(child, location, depth + 1);
                    break;
                case JsonArray array:
                    foreach (var child in array)
                        CheckDepth(child, location, depth + 1);
                    break;
            }
        }
    }

    /// <summary>A location as a JSON pointer, each segment escaped (<c>~0</c>, <c>~1</c>).</summary>
    private static string Pointer(IReadOnlyList<string> path) =>
        string.Concat(path.Select(s => "/" + s.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)));

    private static string Describe(JsonNode? node) => node?.GetValueKind() switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "text",
        JsonValueKind.Number => "a number",
        null or JsonValueKind.Null => "null",
        _ => "something else",
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
