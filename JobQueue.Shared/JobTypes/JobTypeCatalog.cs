using System.Text.Json;

namespace JobQueue.Shared.JobTypes;

/// <param name="Check">The type's payload rule: null when a payload is valid, else what is wrong with it.</param>
/// <param name="DefaultTimeout">How long one attempt may run unless the job sets its own timeout.</param>
public sealed record JobTypeInfo(string Name, string Description, string PayloadExample, Func<JsonElement, PayloadProblem?> Check, TimeSpan DefaultTimeout)
{
    /// <returns>null when <paramref name="payload"/> is valid, else what is wrong with it, as the API says it.</returns>
    public string? Validate(JsonElement payload) => Check(payload)?.Message;
}

/// <summary>The job types the system knows, with the rule each one's payload must follow.</summary>
public static class JobTypeCatalog
{
    public static IReadOnlyList<JobTypeInfo> All { get; } =
    [
        new(JobTypeNames.ReverseString, "Reverses a string", "\"hello world\"", p => TextPayload.Check(p, out _), TimeSpan.FromSeconds(30)),
        new(JobTypeNames.UppercaseText, "Upper-cases a text", "\"hello world\"", p => TextPayload.Check(p, out _), TimeSpan.FromSeconds(30)),
        new(JobTypeNames.FibonacciCalc, "Computes F(n) exactly, 0 <= n <= 10000", "90", p => FibonacciPayload.Check(p, out _), TimeSpan.FromSeconds(60)),
        // A sleep may be asked for up to an hour; its default timeout lets the longest one finish.
        new(JobTypeNames.Sleep, "Sleeps, reporting progress in steps; \"fail\": true makes every attempt fail at the end, \"failAttempts\": k the first k",
            "{\"seconds\": 10, \"steps\": 10}", p => SleepPayload.Check(p, out _), TimeSpan.FromSeconds(SleepPayload.MaxSeconds + 300)),
    ];

    /// <summary>The timeout of a type this catalog does not know (a worker's own handler).</summary>
    public static readonly TimeSpan FallbackTimeout = TimeSpan.FromMinutes(5);

    private static readonly Dictionary<string, JobTypeInfo> ByName = All.ToDictionary(t => t.Name, StringComparer.Ordinal);

    public static bool TryGet(string name, out JobTypeInfo info) => ByName.TryGetValue(name, out info!);
}
