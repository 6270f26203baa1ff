using System.Text.Json;

namespace JobQueue.Shared.JobTypes;

/// <summary>The payload of <c>sleep</c>: <c>{"seconds": s, "steps": k, "fail"?: bool, "failAttempts"?: n, "logBurst"?: n}</c>.</summary>
/// <param name="Fail">Fail every attempt at the end instead of succeeding: makes failures reproducible.</param>
/// <param name="FailAttempts">Fail attempts 1 to k and succeed after: makes retries reproducible.</param>
/// <param name="LogBurst">Lines written to the job log as fast as it can before sleeping: tries the job log's bounds.</param>
public sealed record SleepPayload(double Seconds, int Steps, bool Fail = false, int FailAttempts = 0, int LogBurst = 0)
{
    public bool FailsOn(int attempt) => Fail || attempt <= FailAttempts;

    public const double MaxSeconds = 3600;
    public const int MaxSteps = 1000;
    public const int MaxLogBurst = 1_000_000;

    public static PayloadProblem? Check(JsonElement payload, out SleepPayload sleep)
    {
        sleep = new SleepPayload(0, 0);
        if (payload.ValueKind != JsonValueKind.Object)
            return PayloadProblem.Whole($"must be an object {{\"seconds\": s, \"steps\": k}}, not {PayloadProblem.Describe(payload)}.");

        if (!payload.TryGetProperty("seconds", out var secondsElement)
            || secondsElement.ValueKind != JsonValueKind.Number
            || !secondsElement.TryGetDouble(out var seconds))
            return Problem("seconds", "must be a number.");
        if (!double.IsFinite(seconds) || seconds <= 0 || seconds > MaxSeconds)
            return Problem("seconds", $"must be more than 0 and at most {MaxSeconds}.");

        if (!payload.TryGetProperty("steps", out var stepsElement)
            || stepsElement.ValueKind != JsonValueKind.Number
            || !stepsElement.TryGetInt32(out var steps))
            return Problem("steps", "must be a whole number.");
        if (steps is < 1 or > MaxSteps)
            return Problem("steps", $"must be between 1 and {MaxSteps}.");

        var fail = false;
        if (payload.TryGetProperty("fail", out var failElement))
        {
            if (failElement.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                return Problem("fail", "must be true or false.");
            fail = failElement.GetBoolean();
        }

        var failAttempts = 0;
        if (payload.TryGetProperty("failAttempts", out var failAttemptsElement)
            && (failAttemptsElement.ValueKind != JsonValueKind.Number || !failAttemptsElement.TryGetInt32(out failAttempts)
                || failAttempts is < 0 or > JobLimits.MaxAttempts))
            return Problem("failAttempts", $"must be a whole number from 0 to {JobLimits.MaxAttempts}.");

        var logBurst = 0;
        if (payload.TryGetProperty("logBurst", out var logBurstElement)
            && (logBurstElement.ValueKind != JsonValueKind.Number || !logBurstElement.TryGetInt32(out logBurst)
                || logBurst is < 0 or > MaxLogBurst))
            return Problem("logBurst", $"must be a whole number from 0 to {MaxLogBurst}.");

        sleep = new SleepPayload(seconds, steps, fail, failAttempts, logBurst);
        return null;
    }

    /// <returns>null when the payload is valid, else what is wrong with it.</returns>
    public static string? TryRead(JsonElement payload, out SleepPayload sleep) => Check(payload, out sleep)?.Message;

    private static PayloadProblem Problem(string field, string rule) => new(field, $"\"{field}\"", rule);
}
