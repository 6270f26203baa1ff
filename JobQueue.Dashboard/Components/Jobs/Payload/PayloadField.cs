using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using JobQueue.Shared.JobTypes;

namespace JobQueue.Dashboard.Components.Jobs.Payload;

/// <summary>
/// One input of a payload form, made from the part of the job type's JSON Schema it stands for: its kind, its label
/// (the schema's <c>title</c>, else its name in words), its hint (the <c>description</c> and the bounds in words), whether
/// it is required, and what the user entered. A group or a list holds fields of its own.
/// </summary>
public sealed class PayloadField
{
    private PayloadField(JsonObject schema, string path, string? name, bool required)
    {
        Schema = schema;
        Path = path;
        Name = name;
        Required = required;
        Kind = KindOf(schema);
        Label = schema["title"] is JsonValue title && title.TryGetValue<string>(out var text) ? text : Words(name ?? "value");
        Hint = HintOf(schema, Kind);
        if (schema["default"] is { } initial)
        {
            Set(initial);
            _initialText = Text;
        }
        if (Kind == PayloadFieldKind.Group && schema["properties"] is JsonObject properties)
        {
            var requiredNames = (schema["required"] as JsonArray)?.Select(n => n?.GetValue<string>()).ToHashSet() ?? [];
            Children = properties.Where(p => p.Value is JsonObject)
                .Select(p => new PayloadField((JsonObject)p.Value!, Join(path, p.Key), p.Key, requiredNames.Contains(p.Key)))
                .ToList();
        }
    }

    /// <summary>What the field holds before anyone types, from the schema's <c>default</c>.</summary>
    private readonly string? _initialText;

    /// <summary>The field of a whole payload, from its type's schema.</summary>
    public static PayloadField For(JsonObject schema) => new(schema, "", null, required: true);

    public JsonObject Schema { get; }

    /// <summary>Where the field's value goes, as a JSON path from the payload (<c>""</c> for the payload itself).</summary>
    public string Path { get; }

    /// <summary>The property it fills, or null for the payload itself and a list's items.</summary>
    public string? Name { get; }
    public bool Required { get; }
    public PayloadFieldKind Kind { get; }
    public string Label { get; }
    public string Hint { get; }

    /// <summary>The element id of its input: <c>payload-</c> and its path (<c>payload-size-width</c>), or its label for the payload itself (<c>payload-text</c>).</summary>
    public string InputId => "payload-" + string.Concat((Path.Length == 0 ? Label : Path).ToLowerInvariant()
        .Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')).Trim('-');

    /// <summary>What was entered, as typed: text, a number, JSON (for <see cref="PayloadFieldKind.Json"/>), or an enum value's JSON.</summary>
    public string? Text { get; set; }
    public bool Checked { get; set; }

    /// <summary>A group's fields, in the schema's order.</summary>
    public IReadOnlyList<PayloadField> Children { get; } = [];

    /// <summary>A list's items.</summary>
    public List<PayloadField> Items { get; } = [];

    /// <summary>The message next to the field, worded with its label; null when it has none.</summary>
    public string? Error { get; set; }

    /// <summary>The <c>enum</c> values of a choice, as their JSON.</summary>
    public IReadOnlyList<string> Choices => Schema["enum"] is JsonArray values ? values.Select(v => v?.ToJsonString() ?? "null").ToList() : [];

    /// <summary>How a choice shows: a string as itself, anything else as its JSON.</summary>
    public static string ChoiceText(string json) => json.StartsWith('"') ? JsonSerializer.Deserialize<string>(json)! : json;

    /// <summary>The bounds of a number as its input takes them.</summary>
    public double? Minimum => Number("minimum") ?? Number("exclusiveMinimum");
    public double? Maximum => Number("maximum") ?? Number("exclusiveMaximum");

    /// <summary>
    /// Whether a user changed it from nothing or from its default: an optional field left alone is left out of the
    /// payload, and the worker takes its default.
    /// </summary>
    public bool IsSet => Kind switch
    {
        PayloadFieldKind.Boolean => Schema["default"] is JsonValue d && d.TryGetValue<bool>(out var initial) ? Checked != initial : Checked,
        PayloadFieldKind.Group => Children.Any(c => c.IsSet),
        PayloadFieldKind.List => Items.Count > 0,
        _ => !string.IsNullOrEmpty(Text) && Text != _initialText,
    };

    /// <summary>Adds an item to a list, from its <c>items</c> schema.</summary>
    public PayloadField AddItem()
    {
        var item = new PayloadField(Schema["items"] as JsonObject ?? [], $"{Path}[{Items.Count}]", null, required: true);
        Items.Add(item);
        return item;
    }

    public void RemoveItem(PayloadField item)
    {
        var at = Items.IndexOf(item);
        Items.RemoveAt(at);
        // The items after it move up: their paths (and errors) follow their places.
        var rest = Items.Skip(at).Select(i => i.Value()).ToList();
        Items.RemoveRange(at, Items.Count - at);
        foreach (var value in rest)
            AddItem().Set(value);
    }

    /// <summary>
    /// The field's value as JSON: what was typed, as the schema's type where it reads as one, else as text (so the
    /// schema's check says what is wrong with it); null when nothing was entered.
    /// </summary>
    public JsonNode? Value()
    {
        switch (Kind)
        {
            case PayloadFieldKind.Boolean:
                return JsonValue.Create(Checked);
            case PayloadFieldKind.Group:
                var group = new JsonObject();
                // An optional field left alone is left out; a required one left empty too, so the schema says it is required.
                foreach (var child in Children.Where(c => c.Required || c.IsSet))
                    if (child.Value() is { } value)
                        group[child.Name!] = value;
                return group;
            case PayloadFieldKind.List:
                return new JsonArray(Items.Select(i => i.Value()).ToArray());
            case PayloadFieldKind.Whole when long.TryParse(Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole):
                return JsonValue.Create(whole);
            case PayloadFieldKind.Whole or PayloadFieldKind.Number when double.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number):
                return JsonValue.Create(number);
            case PayloadFieldKind.Choice or PayloadFieldKind.Json when !string.IsNullOrWhiteSpace(Text):
                try
                {
                    return JsonNode.Parse(Text);
                }
                catch (JsonException)
                {
                    return JsonValue.Create(Text);
                }
            case PayloadFieldKind.Text:
                return Text is null && !Required ? null : JsonValue.Create(Text ?? "");
            default:
                return string.IsNullOrEmpty(Text) ? null : JsonValue.Create(Text);
        }
    }

    /// <summary>Fills the field (and a group's or list's fields) from a JSON value: a default, or a payload to edit.</summary>
    public void Set(JsonNode? value)
    {
        switch (Kind)
        {
            case PayloadFieldKind.Boolean:
                Checked = value is JsonValue b && b.TryGetValue<bool>(out var flag) && flag;
                break;
            case PayloadFieldKind.Group when value is JsonObject obj:
                foreach (var child in Children)
                    if (obj[child.Name!] is { } childValue)
                        child.Set(childValue);
                break;
            case PayloadFieldKind.List when value is JsonArray array:
                Items.Clear();
                foreach (var item in array)
                    AddItem().Set(item);
                break;
            case PayloadFieldKind.Text when value is JsonValue s && s.TryGetValue<string>(out var text):
                Text = text;
                break;
            case PayloadFieldKind.Whole or PayloadFieldKind.Number when value is JsonValue n && n.GetValueKind() == JsonValueKind.Number:
                // Any number: one read from JSON or made in code (a JsonValue of an int reads as no double), 10.0 as 10.
                Text = n.TryGetValue<long>(out var whole) ? whole.ToString(CultureInfo.InvariantCulture)
                    : double.Parse(n.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
                break;
            case PayloadFieldKind.Choice or PayloadFieldKind.Json:
                Text = value?.ToJsonString();
                break;
        }
    }

    /// <summary>Every field of this one, itself first, then its children and items, depth first.</summary>
    public IEnumerable<PayloadField> All()
    {
        yield return this;
        foreach (var field in Children.Concat(Items).SelectMany(f => f.All()))
            yield return field;
    }

    /// <summary>
    /// Puts each error next to the field it is about, worded with that field's label ("Seconds must be more than 0 and at
    /// most 3600."); an error about a part that has no field of its own (an item not added yet) goes to the nearest
    /// field above it. Every other field's message goes.
    /// </summary>
    public void ShowErrors(IEnumerable<PayloadError> errors)
    {
        var fields = All().ToList();
        foreach (var field in fields)
            field.Error = null;
        foreach (var error in errors)
        {
            var field = fields.Where(f => error.Path == f.Path || error.Path.StartsWith(f.Path + ".", StringComparison.Ordinal)
                    || error.Path.StartsWith(f.Path + "[", StringComparison.Ordinal) || f.Path.Length == 0)
                .MaxBy(f => f.Path.Length)!;
            var subject = field.Path == error.Path ? field.Label : $"{field.Label}: {error.Path[field.Path.Length..].TrimStart('.')}";
            field.Error ??= $"{subject} {error.Rule}";
        }
    }

    /// <summary>
    /// Puts the service's messages about the payload next to their fields: a key under <paramref name="root"/>
    /// (<c>payload.seconds</c>, <c>job.payload[2]</c>) is a path, and its message ("seconds must be …") is worded again
    /// with the field's label. Every other field's message goes.
    /// </summary>
    /// <returns>The messages about anything else, by their key.</returns>
    public IReadOnlyList<KeyValuePair<string, string>> ShowServiceErrors(IEnumerable<KeyValuePair<string, string[]>> errors, string root)
    {
        var payloadErrors = new List<PayloadError>();
        var others = new List<KeyValuePair<string, string>>();
        foreach (var (key, messages) in errors)
        {
            var message = messages.FirstOrDefault() ?? "is not valid.";
            if (key != root && !key.StartsWith(root + ".", StringComparison.Ordinal) && !key.StartsWith(root + "[", StringComparison.Ordinal))
            {
                others.Add(KeyValuePair.Create(key, message));
                continue;
            }
            var path = key[root.Length..].TrimStart('.');
            var subject = (path.Length == 0 ? "The payload" : path) + " ";
            payloadErrors.Add(new PayloadError(path, message.StartsWith(subject, StringComparison.Ordinal) ? message[subject.Length..] : message));
        }
        ShowErrors(payloadErrors);
        return others;
    }

    private double? Number(string keyword) => Schema[keyword] is JsonValue value && value.TryGetValue<double>(out var number) ? number : null;

    private static PayloadFieldKind KindOf(JsonObject schema)
    {
        if (schema.ContainsKey("enum"))
            return PayloadFieldKind.Choice;
        if (schema.ContainsKey("$ref") || schema.ContainsKey("anyOf") || schema.ContainsKey("oneOf") || schema.ContainsKey("allOf"))
            return PayloadFieldKind.Json;
        var types = schema["type"] switch
        {
            JsonValue one when one.TryGetValue<string>(out var name) => [name],
            JsonArray many => many.Select(n => n?.GetValue<string>()).OfType<string>().Where(n => n != "null").ToArray(),
            _ => Array.Empty<string>(),
        };
        return types switch
        {
            ["string"] => PayloadFieldKind.Text,
            ["integer"] => PayloadFieldKind.Whole,
            ["number"] => PayloadFieldKind.Number,
            ["boolean"] => PayloadFieldKind.Boolean,
            ["object"] => PayloadFieldKind.Group,
            ["array"] => PayloadFieldKind.List,
            _ => PayloadFieldKind.Json,
        };
    }

    /// <summary>The hint under an input: its description, then its bounds in words ("progress reports, 1 to 1000").</summary>
    private static string HintOf(JsonObject schema, PayloadFieldKind kind)
    {
        var parts = new List<string>();
        if (schema["description"] is JsonValue description && description.TryGetValue<string>(out var text))
            parts.Add(text);
        var bounds = kind switch
        {
            PayloadFieldKind.Whole or PayloadFieldKind.Number => NumberBounds(schema, kind),
            PayloadFieldKind.Text => TextBounds(schema),
            PayloadFieldKind.List => ListBounds(schema),
            PayloadFieldKind.Json => "as JSON",
            _ => null,
        };
        if (bounds is not null)
            parts.Add(bounds);
        return string.Join(", ", parts);
    }

    private static string? NumberBounds(JsonObject schema, PayloadFieldKind kind)
    {
        var rule = PayloadSchema.Bounds(schema);
        if (rule is null)
            return kind == PayloadFieldKind.Whole ? "a whole number" : "a number";
        // "must be between 0 and 10000." reads "0 to 10000" under an input; "must be more than 0 and at most 3600." as "more than 0, at most 3600".
        var words = rule.TrimEnd('.').Replace("must be ", "", StringComparison.Ordinal).Replace("a whole number ", "", StringComparison.Ordinal);
        words = words.StartsWith("between ", StringComparison.Ordinal) ? words["between ".Length..].Replace(" and ", " to ", StringComparison.Ordinal) : words.Replace(" and ", ", ", StringComparison.Ordinal);
        return kind == PayloadFieldKind.Whole && schema["description"] is null ? $"a whole number, {words}" : words;
    }

    private static string? TextBounds(JsonObject schema)
    {
        var notBlank = schema["pattern"] is JsonValue p && p.TryGetValue<string>(out var pattern) && pattern == @"\S";
        var min = schema["minLength"] is JsonValue l && l.TryGetValue<int>(out var minLength) ? minLength : 0;
        var max = schema["maxLength"] is JsonValue h && h.TryGetValue<int>(out var maxLength) ? maxLength : (int?)null;
        var parts = new List<string>();
        if (notBlank)
            parts.Add("not blank");
        else if (min == 1)
            parts.Add("not empty");
        else if (min > 1)
            parts.Add($"at least {min} characters");
        if (max is { } most)
            parts.Add($"up to {most} characters");
        if (schema["format"] is JsonValue f && f.TryGetValue<string>(out var format))
            parts.Add(format switch { "uri" => "an address (URL)", "email" => "an e-mail address", "date-time" => "a date and time (ISO 8601)", _ => $"a {format}" });
        return parts.Count == 0 ? null : string.Join(", ", parts);
    }

    private static string? ListBounds(JsonObject schema) =>
        (schema["minItems"]?.GetValue<int>(), schema["maxItems"]?.GetValue<int>()) switch
        {
            ({ } min, { } max) => $"{min} to {max} items",
            ({ } min, null) => $"at least {min} item(s)",
            (null, { } max) => $"at most {max} items",
            _ => null,
        };

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    /// <summary>A property's name in words: <c>failAttempts</c> is "Fail attempts", <c>log_burst</c> "Log burst".</summary>
    public static string Words(string name)
    {
        var words = new System.Text.StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c is '_' or '-')
                words.Append(' ');
            else if (char.IsUpper(c) && i > 0 && !char.IsUpper(name[i - 1]))
                words.Append(' ').Append(char.ToLowerInvariant(c));
            else
                words.Append(i == 0 ? char.ToUpperInvariant(c) : c);
        }
        return words.ToString();
    }
}
