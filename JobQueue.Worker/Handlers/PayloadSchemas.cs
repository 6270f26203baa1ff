using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;

namespace JobQueue.Worker.Handlers;

/// <summary>
/// The JSON Schema of a payload type, made by System.Text.Json's <see cref="JsonSchemaExporter"/> with
/// <see cref="PayloadJson.Options"/>, and the DataAnnotations on its properties (or constructor parameters) and on the
/// handler's payload parameter turned into the schema's keywords: ranges, lengths, patterns, allowed values, formats,
/// required, descriptions and titles. An attribute's <c>ErrorMessage</c> becomes the schema's <c>errorMessage</c> for
/// that keyword, which the dashboard shows instead of its own wording.
/// </summary>
public static class PayloadSchemas
{
    /// <param name="payloadType">The handler's payload type.</param>
    /// <param name="payloadParameter">The handler's payload parameter, whose attributes describe the payload as a whole.</param>
    public static JsonObject For(Type payloadType, ICustomAttributeProvider? payloadParameter = null)
    {
        var exporter = new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = (context, node) =>
            {
                if (node is not JsonObject schema)
                    return node;
                if (context.PropertyInfo is { } property)
                {
                    Apply(schema, Attributes(property.AttributeProvider).Concat(Attributes(property.AssociatedParameter?.AttributeProvider)));
                }
                else if (context.Path.IsEmpty)
                {
                    Apply(schema, Attributes(context.TypeInfo.Type).Concat(Attributes(payloadParameter)));
                }
                if (context.TypeInfo.Kind == System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object)
                    RequireAnnotated(schema, context.TypeInfo);
                return schema;
            },
        };
        var root = JsonSchemaExporter.GetJsonSchemaAsNode(PayloadJson.Options, payloadType, exporter);
        return root as JsonObject ?? new JsonObject();
    }

    private static object[] Attributes(ICustomAttributeProvider? provider) => provider?.GetCustomAttributes(inherit: true) ?? [];

    /// <summary>A <c>[Required]</c> property is listed in its object's <c>required</c>, as a constructor parameter without a default is.</summary>
    private static void RequireAnnotated(JsonObject schema, System.Text.Json.Serialization.Metadata.JsonTypeInfo type)
    {
        var names = type.Properties
            .Where(p => Attributes(p.AttributeProvider).Concat(Attributes(p.AssociatedParameter?.AttributeProvider)).OfType<RequiredAttribute>().Any())
            .Select(p => p.Name)
            .ToList();
        if (names.Count == 0)
            return;
        var required = schema["required"] as JsonArray ?? [];
        foreach (var name in names.Where(n => !required.Any(r => r?.GetValue<string>() == n)))
            required.Add(name);
        schema["required"] = required;
    }

    private static void Apply(JsonObject schema, IEnumerable<object> attributes)
    {
        var isString = Types(schema).Contains("string");
        var isArray = Types(schema).Contains("array");
        foreach (var attribute in attributes)
        {
            switch (attribute)
            {
                case RangeAttribute range:
                    if (Number(range.Minimum) is { } min)
                        Set(schema, range.MinimumIsExclusive ? "exclusiveMinimum" : "minimum", min, range);
                    if (Number(range.Maximum) is { } max)
                        Set(schema, range.MaximumIsExclusive ? "exclusiveMaximum" : "maximum", max, range);
                    break;
                case StringLengthAttribute length:
                    if (length.MinimumLength > 0)
                        Set(schema, "minLength", length.MinimumLength, length);
                    Set(schema, "maxLength", length.MaximumLength, length);
                    break;
                case LengthAttribute length:
                    Set(schema, isArray ? "minItems" : "minLength", length.MinimumLength, length);
                    Set(schema, isArray ? "maxItems" : "maxLength", length.MaximumLength, length);
                    break;
                case MinLengthAttribute length:
                    Set(schema, isArray ? "minItems" : "minLength", length.Length, length);
                    break;
                case MaxLengthAttribute length when length.Length > 0:
                    Set(schema, isArray ? "maxItems" : "maxLength", length.Length, length);
                    break;
                case RegularExpressionAttribute pattern:
                    Set(schema, "pattern", pattern.Pattern, pattern);
                    break;
                case AllowedValuesAttribute allowed:
                    schema["enum"] = new JsonArray(allowed.Values.Select(v => JsonSerializer.SerializeToNode(v, PayloadJson.Options)).ToArray());
                    Message(schema, "enum", allowed);
                    break;
                case EmailAddressAttribute email:
                    Set(schema, "format", "email", email);
                    break;
                case UrlAttribute url:
                    Set(schema, "format", "uri", url);
                    break;
                case RequiredAttribute required when isString && !required.AllowEmptyStrings && schema["minLength"] is null:
                    Set(schema, "minLength", 1, required);
                    break;
                case DescriptionAttribute description:
                    schema["description"] = description.Description;
                    break;
                case DisplayAttribute display:
                    if (display.GetName() is { } name)
                        schema["title"] = name;
                    if (display.GetDescription() is { } text)
                        schema["description"] = text;
                    break;
            }
        }
    }

    private static void Set(JsonObject schema, string keyword, JsonNode value, ValidationAttribute attribute)
    {
        schema[keyword] = value;
        Message(schema, keyword, attribute);
    }

    private static void Set(JsonObject schema, string keyword, double value, ValidationAttribute attribute) =>
        Set(schema, keyword, value == Math.Floor(value) && Math.Abs(value) < 1e15 ? JsonValue.Create((long)value) : JsonValue.Create(value), attribute);

    private static void Set(JsonObject schema, string keyword, string value, ValidationAttribute attribute) =>
        Set(schema, keyword, JsonValue.Create(value), attribute);

    /// <summary>
    /// The attribute's own <c>ErrorMessage</c> ("must be lower-case words") becomes the schema's words for the keyword.
    /// DataAnnotations' defaults ("The {0} field is ...") name the field themselves, so they are left to the dashboard's wording.
    /// </summary>
    private static void Message(JsonObject schema, string keyword, ValidationAttribute attribute)
    {
        if (string.IsNullOrEmpty(attribute.ErrorMessage) || attribute.ErrorMessage.Contains("{0}", StringComparison.Ordinal))
            return;
        var messages = schema["errorMessage"] as JsonObject ?? [];
        messages[keyword] = attribute.ErrorMessage;
        schema["errorMessage"] = messages;
    }

    private static double? Number(object? value) => value switch
    {
        null => null,
        string text => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null,
        IConvertible convertible => convertible.ToDouble(CultureInfo.InvariantCulture),
        _ => null,
    };

    private static IEnumerable<string> Types(JsonObject schema) => schema["type"] switch
    {
        JsonValue value when value.TryGetValue<string>(out var one) => [one],
        JsonArray many => many.Select(n => n?.GetValue<string>()).OfType<string>(),
        _ => [],
    };
}
