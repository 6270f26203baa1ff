using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using JobQueue.Shared.JobTypes.Guard;
using Json.Pointer;
using Json.Schema;

namespace JobQueue.Shared.JobTypes;

/// <summary>
/// A job type's payload schema, compiled once, and the one check of a payload against it (JsonSchema.Net, draft
/// 2020-12, formats checked): every violation with its JSON path and a rule worded for people, from the schema's own
/// bounds ("must be between 1 and 1000."), or from its <c>errorMessage</c> (a string, or one per keyword) where it has one.
/// The dashboard checks every submit with it, and the submit form each field. A schema is read by
/// <see cref="SchemaGuard"/> before the library sees it, and a payload's check is priced (<see cref="Guard.PayloadCost"/>)
/// before it runs: a schema from a worker is data from outside, and must not be able to stall or end the process.
/// </summary>
public sealed class PayloadSchema
{
    static PayloadSchema() => SchemaKeywordRegistry.Register<SafePatternKeyword>(GuardJsonContext.Default);

    private static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    /// <summary>Only whether it passes: cheaper, and most payloads do (the list of what is wrong is made only for one that does not).</summary>
    private static readonly EvaluationOptions Quick = new() { OutputFormat = OutputFormat.Flag, RequireFormatValidation = true };

    /// <summary>
    /// One compiled schema per evaluation options: JsonSchema.Net caches its constraints per options instance and
    /// rebuilds them when another is passed, which races with evaluations on other threads (json-everything#929:
    /// random failures, seen here as a worker refusing a valid payload). Each is only ever evaluated with its own.
    /// </summary>
    private readonly JsonSchema _schema;
    private readonly JsonSchema _listing;

    /// <summary>Compiling registers the schema in the library's global registry, which is not thread-safe (json-everything#503).</summary>
    private static readonly Lock Compiling = new();
    private readonly JsonNode _root;
    private readonly SchemaNode _graph;

    private PayloadSchema(JsonElement definition, JsonSchema schema, JsonSchema listing, JsonNode root, SchemaNode graph) =>
        (Definition, _schema, _listing, _root, _graph) = (definition, schema, listing, root, graph);

    /// <summary>The schema as it was advertised.</summary>
    public JsonElement Definition { get; }

    /// <summary>The schema as a tree, for a form to be built from (read it, do not change it).</summary>
    public JsonObject? Tree => _root as JsonObject;

    /// <returns>The compiled schema, or null with what is wrong with it (not an object or boolean, not a schema).</returns>
    public static PayloadSchema? TryCreate(JsonElement definition, out string? error)
    {
        error = null;
        if (definition.ValueKind is not (JsonValueKind.Object or JsonValueKind.True or JsonValueKind.False))
        {
            error = $"A schema is a JSON object (or true or false), not {Describe(definition.ValueKind)}.";
            return null;
        }
        try
        {
            var text = definition.GetRawText();
            if (text.Length > JobLimits.MaxSchemaBytes)
            {
                error = $"The schema is larger than {JobLimits.MaxSchemaBytes / 1024} KiB.";
                return null;
            }
            var root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = SchemaLimits.MaxDepth * 2 })!;
            if (SchemaGuard.Inspect(root, out error) is not { } graph)
                return null;
            JsonSchema schema, listing;
            lock (Compiling)
            {
                schema = JsonSchema.FromText(text);
                listing = JsonSchema.FromText(text);
                // A schema that cannot evaluate (a bad keyword value) fails now rather than on every submit; and each
                // builds its constraints here, on one thread, before any other can evaluate it.
                schema.Evaluate(null, Quick);
                listing.Evaluate(null, Options);
            }
            return new PayloadSchema(definition.Clone(), schema, listing, root, graph);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException or RefResolutionException or FormatException)
        {
            error = $"Not a usable JSON Schema: {ex.Message}";
            return null;
        }
    }

    /// <returns>Every way <paramref name="payload"/> breaks the schema, one per path and rule; empty when it follows it.</returns>
    public IReadOnlyList<PayloadError> Validate(JsonElement payload)
    {
        // JsonSchema.Net compares numbers as decimals: one beyond a decimal's range cannot be checked, and no bound takes it.
        var tooLarge = new List<PayloadError>();
        FindTooLarge(payload, "", tooLarge);
        if (tooLarge.Count > 0)
            return tooLarge;
        if (!PayloadCost.IsWithin(_graph, payload, SchemaLimits.CheckBudget, out var cost))
            return [new PayloadError("", TooCostly)];
        var instance = payload.ValueKind == JsonValueKind.Undefined ? null : JsonSerializer.SerializeToNode(payload);
        EvaluationResults results;
        try
        {
            if (_schema.Evaluate(instance, Quick).IsValid)
                return [];
            // Listing each mistake costs several times the check: past ListBudget the payload is refused as a whole.
            if (cost > SchemaLimits.ListBudget)
                return [new PayloadError("", TooManyToList)];
            results = _listing.Evaluate(instance, Options);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or InvalidOperationException or ArgumentException)
        {
            return [new PayloadError("", $"could not be checked against the job type's schema: {ex.Message}")];
        }
        var errors = new List<PayloadError>();
        foreach (var detail in results.Details.Prepend(results).Where(d => d is { IsValid: false, HasErrors: true }))
        {
            var local = Subschema(detail.EvaluationPath);
            var at = Resolve(payload, detail.InstanceLocation);
            foreach (var (keyword, message) in detail.Errors!)
                errors.AddRange(Worded(keyword, message, local, at, detail.InstanceLocation));
        }
        return errors.Count > 0 ? errors.Distinct().ToList() : [new PayloadError("", "does not follow the job type's schema.")];
    }

    /// <summary>The rule of a payload whose check would cost more than <see cref="SchemaLimits.CheckBudget"/>.</summary>
    public const string TooCostly = "is too costly to check against the job type's schema: send fewer or shorter items, or ask for a simpler schema.";

    /// <summary>The rule of a payload that breaks its schema and is too large for each mistake to be listed (<see cref="SchemaLimits.ListBudget"/>).</summary>
    public const string TooManyToList = "does not follow the job type's schema; it is too large for each mistake to be listed: check it against the schema, or send it in smaller parts.";

    private static IEnumerable<PayloadError> Worded(string keyword, string libraryMessage, JsonObject? schema, JsonElement instance, JsonPointer location)
    {
        var path = PathOf(location);
        if (keyword == "required" && schema?["required"] is JsonArray required)
        {
            var present = instance.ValueKind == JsonValueKind.Object ? instance.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal) : [];
            foreach (var name in required.Select(n => n?.GetValue<string>()).OfType<string>().Where(n => !present.Contains(n)))
            {
                var child = schema["properties"]?[name] as JsonObject;
                yield return new PayloadError(Join(path, name), Custom(child, keyword) ?? "is required.");
            }
            yield break;
        }
        yield return new PayloadError(path, Custom(schema, keyword) ?? Rule(keyword, schema, instance) ?? Sentence(libraryMessage));
    }

    /// <summary>The schema's own words for a keyword: <c>"errorMessage": "..."</c>, or <c>"errorMessage": {"pattern": "..."}</c>.</summary>
    private static string? Custom(JsonObject? schema, string keyword) => schema?["errorMessage"] switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => Sentence(text),
        JsonObject byKeyword when byKeyword[keyword] is JsonValue value && value.TryGetValue<string>(out var text) => Sentence(text),
        _ => null,
    };

    /// <summary>The most of an <c>enum</c>'s values a message names.</summary>
    private const int MaxValuesSaid = 20;

    private static string? Rule(string keyword, JsonObject? schema, JsonElement instance)
    {
        if (schema is null)
            return null;
        return keyword switch
        {
            "type" => $"must be {Expected(schema["type"])}, not {Describe(instance.ValueKind)}.",
            "minimum" or "maximum" or "exclusiveMinimum" or "exclusiveMaximum" => Bounds(schema),
            "minLength" when Number(schema["minLength"]) is 1 => "must not be empty.",
            "minLength" or "maxLength" => Length(schema),
            "pattern" => $"must match the pattern {schema["pattern"]}.",
            "enum" when schema["enum"] is JsonArray values => values.Count <= MaxValuesSaid
                ? $"must be one of {string.Join(", ", values.Select(v => v?.ToJsonString() ?? "null"))}."
                : $"must be one of the {values.Count} values the schema lists, such as {string.Join(", ", values.Take(MaxValuesSaid).Select(v => v?.ToJsonString() ?? "null"))}.",
            "const" => $"must be {schema["const"]?.ToJsonString() ?? "null"}.",
            "minItems" => $"must have at least {Number(schema["minItems"])} item(s).",
            "maxItems" => $"must have at most {Number(schema["maxItems"])} item(s).",
            "uniqueItems" => "must not hold the same item twice.",
            "multipleOf" => $"must be a multiple of {Number(schema["multipleOf"])}.",
            "format" => $"must be a valid {schema["format"]}.",
            "minProperties" => $"must have at least {Number(schema["minProperties"])} field(s).",
            "maxProperties" => $"must have at most {Number(schema["maxProperties"])} field(s).",
            "additionalProperties" => "has fields the job type does not know.",
            _ => null,
        };
    }

    /// <summary>Both bounds in one rule when the schema has both ("must be between 0 and 10000."), else the one it has.</summary>
    public static string? Bounds(JsonObject schema)
    {
        var (low, lowExclusive) = Number(schema["exclusiveMinimum"]) is { } el ? (el, true) : (Number(schema["minimum"]), false);
        var (high, highExclusive) = Number(schema["exclusiveMaximum"]) is { } eh ? (eh, true) : (Number(schema["maximum"]), false);
        return (low, high) switch
        {
            ({ } l, { } h) when !lowExclusive && !highExclusive => $"must be between {Format(l)} and {Format(h)}.",
            ({ } l, { } h) => $"must be {(lowExclusive ? "more than" : "at least")} {Format(l)} and {(highExclusive ? "less than" : "at most")} {Format(h)}.",
            ({ } l, null) => $"must be {(lowExclusive ? "more than" : "at least")} {Format(l)}.",
            (null, { } h) => $"must be {(highExclusive ? "less than" : "at most")} {Format(h)}.",
            _ => null,
        };
    }

    private static string? Length(JsonObject schema) => (Number(schema["minLength"]), Number(schema["maxLength"])) switch
    {
        ({ } min and > 1, { } max) => $"must be {Format(min)} to {Format(max)} characters long.",
        (_, { } max) => $"must be at most {Format(max)} characters long.",
        ({ } min, null) => $"must be at least {Format(min)} characters long.",
        _ => null,
    };

    /// <summary>What a schema's <c>type</c> asks for, in words: "a whole number", "text", "an object or null".</summary>
    public static string Expected(JsonNode? type)
    {
        var names = type switch
        {
            JsonValue value when value.TryGetValue<string>(out var one) => [one],
            JsonArray many => many.Select(n => n?.GetValue<string>()).OfType<string>().ToArray(),
            _ => Array.Empty<string>(),
        };
        var words = names.Where(n => n != "null" || names.Length == 1).Select(n => n switch
        {
            "integer" => "a whole number",
            "number" => "a number",
            "string" => "text",
            "boolean" => "true or false",
            "object" => "an object",
            "array" => "an array",
            "null" => "null",
            _ => n,
        }).ToArray();
        return words.Length == 0 ? "something else" : string.Join(" or ", words);
    }

    private static double? Number(JsonNode? node) => node is JsonValue value && value.TryGetValue<double>(out var number) ? number : null;

    private static string Format(double number) => number.ToString("G15", CultureInfo.InvariantCulture);

    private static string Sentence(string text) => text.EndsWith('.') ? text : text + ".";

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "text",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true or false",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static void FindTooLarge(JsonElement element, string path, List<PayloadError> errors)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number when !element.TryGetDecimal(out _):
                errors.Add(new PayloadError(path, $"is too large a number: at most {decimal.MaxValue:E2} in size."));
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                    FindTooLarge(property.Value, Join(path, property.Name), errors);
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                    FindTooLarge(item, $"{path}[{index++}]", errors);
                break;
        }
    }

    /// <summary>The subschema an evaluation path leads to, following local <c>$ref</c>s; null where it cannot be followed.</summary>
    private JsonObject? Subschema(JsonPointer evaluationPath)
    {
        JsonNode? node = _root;
        foreach (var segment in evaluationPath)
        {
            if (segment == "$ref" && node?["$ref"] is JsonValue reference && reference.TryGetValue<string>(out var target)
                && target.StartsWith('#') && JsonPointer.TryParse(target[1..], out var pointer))
                node = Resolve(_root, pointer!);
            else
                node = node switch
                {
                    JsonObject obj => obj[segment],
                    JsonArray array when int.TryParse(segment, CultureInfo.InvariantCulture, out var index) && index < array.Count => array[index],
                    _ => null,
                };
        }
        return node as JsonObject;
    }

    /// <summary>The part of the payload a pointer leads to; <see cref="JsonValueKind.Undefined"/> where there is none.</summary>
    private static JsonElement Resolve(JsonElement element, JsonPointer pointer)
    {
        foreach (var segment in pointer)
            element = element.ValueKind switch
            {
                JsonValueKind.Object when element.TryGetProperty(segment, out var property) => property,
                JsonValueKind.Array when int.TryParse(segment, CultureInfo.InvariantCulture, out var index) && index < element.GetArrayLength() => element[index],
                _ => default,
            };
        return element;
    }

    private static JsonNode? Resolve(JsonNode? node, JsonPointer pointer)
    {
        foreach (var segment in pointer)
            node = node switch
            {
                JsonObject obj => obj[segment],
                JsonArray array when int.TryParse(segment, CultureInfo.InvariantCulture, out var index) && index < array.Count => array[index],
                _ => null,
            };
        return node;
    }

    /// <summary>A JSON pointer as a JSON path from the payload: <c>/items/2/name</c> is <c>items[2].name</c>.</summary>
    public static string PathOf(JsonPointer location)
    {
        var path = "";
        foreach (var segment in location)
            path = int.TryParse(segment, CultureInfo.InvariantCulture, out _) && segment.All(char.IsAsciiDigit) ? $"{path}[{segment}]" : Join(path, segment);
        return path;
    }

    private static string Join(string path, string name)
    {
        var part = name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !char.IsAsciiDigit(name[0]) ? name : $"[{JsonSerializer.Serialize(name)}]";
        return path.Length == 0 ? part : part[0] == '[' ? path + part : $"{path}.{part}";
    }
}
