using System.Text.Json;

namespace JobQueue.Shared.JobTypes.Guard;

/// <summary>
/// What checking a payload against a schema will cost, counted before the check runs, by walking the payload with the
/// schema's graph (<see cref="SchemaGuard"/>) as the check will: one unit per keyword applied to one value, a value
/// compared with each of an <c>enum</c>'s values, a string's characters read by a pattern or format, each pair of items
/// <c>uniqueItems</c> compares. The walk stops as soon as the count passes the budget, so pricing is itself bounded.
/// Costs that multiply (an <c>anyOf</c> of many branches over a long array, <c>uniqueItems</c> over thousands of items)
/// are seen here, before any CPU is spent on them.
/// </summary>
public static class PayloadCost
{
    /// <summary>How many characters of text cost one unit to match or parse.</summary>
    private const int CharactersPerUnit = 64;

    /// <summary>How many item comparisons of <c>uniqueItems</c> cost one unit.</summary>
    private const int ComparisonsPerUnit = 4;

    /// <returns>Whether checking <paramref name="payload"/> costs no more than <paramref name="budget"/>; <paramref name="cost"/> is what it costs, or more than the budget when it stopped counting.</returns>
    public static bool IsWithin(SchemaNode schema, JsonElement payload, long budget, out long cost)
    {
        var meter = new Meter(budget);
        var within = meter.Apply(schema, payload);
        cost = meter.Spent;
        return within;
    }

    private sealed class Meter(long budget)
    {
        public long Spent { get; private set; }

        private bool Add(long units)
        {
            Spent += units;
            return Spent <= budget;
        }

        /// <summary>Recurses as deep as the schema's graph, which <see cref="SchemaLimits.MaxEvaluationDepth"/> bounds.</summary>
        public bool Apply(SchemaNode node, JsonElement value)
        {
            if (!Add(1 + node.Keywords))
                return false;
            if (node.Comparisons > 0 && !Add((long)node.Comparisons * Size(value)))
                return false;
            if (node.ReadsText && value.ValueKind == JsonValueKind.String && !Add(1 + value.GetString()!.Length / CharactersPerUnit))
                return false;
            foreach (var same in node.SameValue)
            {
                if (!Apply(same, value))
                    return false;
            }
            switch (value.ValueKind)
            {
                case JsonValueKind.Object when node.Properties is not null || node.AdditionalProperties is not null:
                    foreach (var property in value.EnumerateObject())
                    {
                        var sub = node.Properties is not null && node.Properties.TryGetValue(property.Name, out var named) ? named : node.AdditionalProperties;
                        if (sub is not null && !Apply(sub, property.Value))
                            return false;
                    }
                    break;
                case JsonValueKind.Array:
                    if (node.UniqueItems)
                    {
                        long count = value.GetArrayLength();
                        if (!Add(count * (count - 1) / 2 / ComparisonsPerUnit))
                            return false;
                    }
                    if (node.Items is null && node.PrefixItems is null)
                        break;
                    var index = 0;
                    foreach (var item in value.EnumerateArray())
                    {
                        var sub = node.PrefixItems is { } prefix && index < prefix.Count ? prefix[index] : node.Items;
                        index++;
                        if (sub is not null && !Apply(sub, item))
                            return false;
                    }
                    break;
            }
            return true;
        }

        /// <summary>What comparing the value with another costs, about: its own items or fields count once each.</summary>
        private static long Size(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.Object => 1 + value.GetPropertyCount(),
            JsonValueKind.Array => 1 + value.GetArrayLength(),
            _ => 1,
        };
    }
}
