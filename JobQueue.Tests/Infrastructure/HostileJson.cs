using System.Text.Json;

namespace JobQueue.Tests.Infrastructure;

/// <summary>
/// Hostile JSON Schemas and payloads made from a seed: recursion, deep nesting, huge enums, catastrophic patterns,
/// multiplying combinators, long arrays and strings. Thrown at the schema check directly (SchemaGuardTests) and at the
/// dashboard's advertise and submit routes (HostileInputTests).
/// </summary>
internal static class HostileJson
{
    private static readonly string[] Patterns = ["^(a+)+$", "(x+x+)+y", "^(([a-z])+.)+[A-Z]([a-z])+$", "(a|a)*b", "(.*){12}z", "(a)\\1", "[", "^\\d{3}$"];

    public static string Schema(Random random, int depth = 0)
    {
        string Sub() => Schema(random, depth + 1);
        if (depth > 45)
            return "{}";
        return random.Next(14) switch
        {
            0 => """{"$ref":"#"}""",
            1 => "{\"if\":" + Sub() + ",\"then\":{\"$ref\":\"#\"}}",
            2 => "{\"not\":" + Sub() + "}",
            3 => "{\"type\":\"array\",\"items\":" + Sub() + ",\"uniqueItems\":true}",
            4 => $$"""{"anyOf":[{{string.Join(",", Enumerable.Range(0, random.Next(1, 400)).Select(_ => depth > 1 ? "{\"minimum\":1}" : Sub()))}}]}""",
            5 => "{\"type\":\"string\",\"pattern\":" + JsonSerializer.Serialize(Patterns[random.Next(Patterns.Length)]) + "}",
            6 => $$"""{"enum":[{{string.Join(",", Enumerable.Range(0, random.Next(1, 1500)))}}]}""",
            7 => "{\"type\":\"object\",\"properties\":{\"a\":" + Sub() + ",\"b\":{\"$ref\":\"#/properties/a\"}},\"additionalProperties\":" + Sub() + "}",
            8 => "{\"$defs\":{\"x\":" + Sub() + "},\"allOf\":[{\"$ref\":\"#/$defs/x\"},{\"$ref\":\"#/$defs/x\"}]}",
            9 => "{\"oneOf\":[" + Sub() + "," + Sub() + "],\"prefixItems\":[" + Sub() + "]}",
            10 => """{"$dynamicRef":"#","unevaluatedItems":false}""",
            11 => $$"""{"allOf":[{{Sub()}}],"format":"regex"}""",
            12 => "{\"$defs\":{\"a\":{\"$ref\":\"#/$defs/b\"},\"b\":" + Sub() + "},\"$ref\":\"#/$defs/a\"}",
            _ => $$"""{"type":"array","items":{{Sub()}},"minItems":{{random.Next(5)}}}""",
        };
    }

    public static string Payload(Random random, int depth = 0)
    {
        if (depth > 30)
            return "1";
        return random.Next(7) switch
        {
            0 => "[" + string.Join(",", Enumerable.Range(0, random.Next(1, 10_000)).Select(i => i % 7)) + "]",
            1 => JsonSerializer.Serialize(new string('a', random.Next(1, 5_000)) + "!"),
            2 => "[" + string.Join(",", Enumerable.Range(0, random.Next(1, 3)).Select(_ => Payload(random, depth + 1))) + "]",
            3 => $$"""{"a":{{Payload(random, depth + 1)}},"b":{{Payload(random, depth + 1)}},"c":"x"}""",
            4 => "[" + string.Join(",", Enumerable.Range(0, random.Next(1, 3_000)).Select(_ => JsonSerializer.Serialize(new string('a', 27)))) + "]",
            5 => "\"(a+)+b\"",
            _ => random.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
