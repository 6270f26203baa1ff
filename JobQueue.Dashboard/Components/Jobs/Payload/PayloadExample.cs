using System.Text.Json.Nodes;

namespace JobQueue.Dashboard.Components.Jobs.Payload;

/// <summary>
/// A payload a type's schema accepts, made from the schema alone: defaults where it gives them, else the smallest value
/// within the bounds, only the required properties, the fewest items. Where a form takes JSON (a recurring job's
/// payload), it starts from this.
/// </summary>
public static class PayloadExample
{
    public static JsonNode? For(JsonObject? schema, int depth = 0)
    {
        if (schema is null || depth > 8)
            return null;
        if (schema["default"] is { } initial)
            return initial.DeepClone();
        if (schema["const"] is { } constant)
            return constant.DeepClone();
        if (schema["enum"] is JsonArray values && values.Count > 0)
            return values[0]?.DeepClone();
        var kind = PayloadField.For(schema).Kind;
        switch (kind)
        {
            case PayloadFieldKind.Text:
                var min = schema["minLength"] is JsonValue l && l.TryGetValue<int>(out var length) ? length : 0;
                return JsonValue.Create("text".PadRight(Math.Max(4, min), 'x'));
            case PayloadFieldKind.Whole or PayloadFieldKind.Number:
                var low = Number(schema, "minimum") ?? (Number(schema, "exclusiveMinimum") is { } above ? Math.Floor(above) + 1 : null);
                var high = Number(schema, "maximum") ?? Number(schema, "exclusiveMaximum");
                var value = low ?? Math.Min(0, high ?? 0);
                return kind == PayloadFieldKind.Whole ? JsonValue.Create((long)Math.Ceiling(value)) : JsonValue.Create(value);
            case PayloadFieldKind.Boolean:
                return JsonValue.Create(false);
            case PayloadFieldKind.Group:
                var group = new JsonObject();
                var required = (schema["required"] as JsonArray)?.Select(n => n?.GetValue<string>()).OfType<string>() ?? [];
                foreach (var name in required)
                    group[name] = For(schema["properties"]?[name] as JsonObject, depth + 1);
                return group;
            case PayloadFieldKind.List:
                var count = schema["minItems"] is JsonValue m && m.TryGetValue<int>(out var items) ? items : 0;
                return new JsonArray(Enumerable.Range(0, count).Select(_ => For(schema["items"] as JsonObject, depth + 1)).ToArray());
            default:
                return null;
        }
    }

    private static double? Number(JsonObject schema, string keyword) => schema[keyword] is JsonValue value && value.TryGetValue<double>(out var number) ? number : null;
}
