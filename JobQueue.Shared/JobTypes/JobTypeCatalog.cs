using System.Text.Json;

namespace JobQueue.Shared.JobTypes;

public sealed record JobTypeInfo(string Name, string Description, string PayloadExample, Func<JsonElement, string?> Validate);

/// <summary>The job types the system knows, with the rule each one's payload must follow.</summary>
public static class JobTypeCatalog
{
    public static IReadOnlyList<JobTypeInfo> All { get; } =
    [
        new(JobTypeNames.ReverseString, "Reverses a string", "\"hello world\"", p => TextPayload.TryRead(p, out _)),
        new(JobTypeNames.UppercaseText, "Upper-cases a text", "\"hello world\"", p => TextPayload.TryRead(p, out _)),
        new(JobTypeNames.FibonacciCalc, "Computes F(n) exactly, 0 <= n <= 10000", "90", p => FibonacciPayload.TryRead(p, out _)),
        new(JobTypeNames.Sleep, "Sleeps, reporting progress in steps; \"fail\": true makes it fail at the end", "{\"seconds\": 10, \"steps\": 10}", p => SleepPayload.TryRead(p, out _)),
    ];

    private static readonly Dictionary<string, JobTypeInfo> ByName = All.ToDictionary(t => t.Name, StringComparer.Ordinal);

    public static bool TryGet(string name, out JobTypeInfo info) => ByName.TryGetValue(name, out info!);
}
