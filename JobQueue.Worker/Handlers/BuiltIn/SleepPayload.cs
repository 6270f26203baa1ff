using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using JobQueue.Shared.JobTypes;

namespace JobQueue.Worker.Handlers.BuiltIn;

/// <summary>The payload of <c>sleep</c>: <c>{"seconds": s, "steps": k, "fail"?: bool, "failAttempts"?: n, "logBurst"?: m}</c>.</summary>
/// <param name="Fail">Fail every attempt at the end instead of succeeding: makes failures reproducible.</param>
/// <param name="FailAttempts">Fail attempts 1 to n and succeed after: makes retries reproducible.</param>
/// <param name="LogBurst">Lines written to the job log as fast as it can before sleeping: tries the job log's bounds.</param>
public sealed record SleepPayload(
    [property: Range(0, SleepPayload.MaxSeconds, MinimumIsExclusive = true)] double Seconds,
    [property: Range(1, SleepPayload.MaxSteps), Description("progress reports")] int Steps,
    [property: Display(Name = "Fail every attempt", Description = "each attempt fails when it has slept: shows retries and dead letters")] bool Fail = false,
    [property: Range(0, JobLimits.MaxAttempts), Display(Name = "Failing attempts", Description = "the first n attempts fail")] int FailAttempts = 0,
    [property: Range(0, SleepPayload.MaxLogBurst), Display(Name = "Log burst", Description = "log lines written at once first")] int LogBurst = 0)
{
    public const double MaxSeconds = 3600;
    public const int MaxSteps = 1000;
    public const int MaxLogBurst = 1_000_000;

    public bool FailsOn(int attempt) => Fail || attempt <= FailAttempts;
}
