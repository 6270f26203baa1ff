using System.Text.Json;

namespace JobQueue.Shared.JobTypes;

/// <summary>The payload of <c>fibonacci_calc</c>: a whole number n, 0 &lt;= n &lt;= <see cref="MaxN"/>.</summary>
public static class FibonacciPayload
{
    public const int MaxN = 10_000;
    public const string Field = "n";

    public static PayloadProblem? Check(JsonElement payload, out int n)
    {
        n = 0;
        if (payload.ValueKind != JsonValueKind.Number || !payload.TryGetInt32(out n))
            return new PayloadProblem(Field, "The payload", $"must be a whole number n with 0 <= n <= {MaxN}, not {PayloadProblem.Describe(payload)}"
                + (payload.ValueKind == JsonValueKind.Number ? $" ({payload.GetRawText()})." : "."));
        return n is < 0 or > MaxN ? new PayloadProblem(Field, "n", $"must be between 0 and {MaxN}; {n} is out of range.") : null;
    }

    /// <returns>null when the payload is valid, else what is wrong with it.</returns>
    public static string? TryRead(JsonElement payload, out int n) => Check(payload, out n)?.Message;
}
