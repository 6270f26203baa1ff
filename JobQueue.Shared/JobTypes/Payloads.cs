using System.Text.Json;

namespace JobQueue.Shared.JobTypes;

/// <summary>
/// Payload rules for the built-in job types. The dashboard validates with them before it stores a job and
/// the worker reads with them before it runs one, so both sides always agree on what a valid payload is.
/// Each reader returns null on success and otherwise a message that says what was wrong.
/// </summary>
public static class TextPayload
{
    public const int MaxLength = 60_000;

    public static string? TryRead(JsonElement payload, out string text)
    {
        text = "";
        if (payload.ValueKind != JsonValueKind.String)
            return $"The payload must be a JSON string, not {Describe(payload)}.";
        text = payload.GetString()!;
        return text.Length > MaxLength ? $"The text must be at most {MaxLength} characters long." : null;
    }

    internal static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Undefined => "nothing",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => element.ValueKind.ToString(),
    };
}

public static class FibonacciPayload
{
    public const int MaxN = 10_000;

    public static string? TryRead(JsonElement payload, out int n)
    {
        n = 0;
        if (payload.ValueKind != JsonValueKind.Number || !payload.TryGetInt32(out n))
            return $"The payload must be a whole number n with 0 <= n <= {MaxN}, not {TextPayload.Describe(payload)}"
                + (payload.ValueKind == JsonValueKind.Number ? $" ({payload.GetRawText()})." : ".");
        return n is < 0 or > MaxN ? $"n must be between 0 and {MaxN}; {n} is out of range." : null;
    }
}

/// <param name="Fail">Fail every attempt at the end instead of succeeding: makes failures reproducible.</param>
/// <param name="FailAttempts">Fail attempts 1 to k and succeed after: makes retries reproducible.</param>
public sealed record SleepPayload(double Seconds, int Steps, bool Fail = false, int FailAttempts = 0)
{
    public bool FailsOn(int attempt) => Fail || attempt <= FailAttempts;

    public const double MaxSeconds = 3600;
    public const int MaxSteps = 1000;

    public static string? TryRead(JsonElement payload, out SleepPayload sleep)
    {
        sleep = new SleepPayload(0, 0);
        if (payload.ValueKind != JsonValueKind.Object)
            return $"The payload must be an object {{\"seconds\": s, \"steps\": k}}, not {TextPayload.Describe(payload)}.";

        if (!payload.TryGetProperty("seconds", out var secondsElement)
            || secondsElement.ValueKind != JsonValueKind.Number
            || !secondsElement.TryGetDouble(out var seconds))
            return "\"seconds\" must be a number.";
        if (!double.IsFinite(seconds) || seconds <= 0 || seconds > MaxSeconds)
            return $"\"seconds\" must be more than 0 and at most {MaxSeconds}.";

        if (!payload.TryGetProperty("steps", out var stepsElement)
            || stepsElement.ValueKind != JsonValueKind.Number
            || !stepsElement.TryGetInt32(out var steps))
            return "\"steps\" must be a whole number.";
        if (steps is < 1 or > MaxSteps)
            return $"\"steps\" must be between 1 and {MaxSteps}.";

        var fail = false;
        if (payload.TryGetProperty("fail", out var failElement))
        {
            if (failElement.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                return "\"fail\" must be true or false.";
            fail = failElement.GetBoolean();
        }

        var failAttempts = 0;
        if (payload.TryGetProperty("failAttempts", out var failAttemptsElement)
            && (failAttemptsElement.ValueKind != JsonValueKind.Number || !failAttemptsElement.TryGetInt32(out failAttempts)
                || failAttempts is < 0 or > JobLimits.MaxAttempts))
            return $"\"failAttempts\" must be a whole number from 0 to {JobLimits.MaxAttempts}.";

        sleep = new SleepPayload(seconds, steps, fail, failAttempts);
        return null;
    }
}
