using System.Diagnostics.Metrics;
using JobQueue.Shared.Contracts;

namespace JobQueue.Shared.Telemetry;

/// <summary>The names every JobQueue process tags its metrics and spans with, and the buckets of its durations.</summary>
public static class JobQueueMetrics
{
    public const string JobTypeTag = "jobqueue.job.type";
    public const string QueueTag = "jobqueue.queue";
    public const string OutcomeTag = "jobqueue.job.outcome";
    public const string JobIdTag = "jobqueue.job.id";

    /// <summary>Seconds, from a millisecond job to an hour-long one (the default buckets are made for milliseconds).</summary>
    public static readonly InstrumentAdvice<double> DurationAdvice = new()
    {
        HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
    };

    public static string OutcomeName(JobEventKind kind) => kind switch
    {
        JobEventKind.Succeeded => "succeeded",
        JobEventKind.Failed => "failed",
        JobEventKind.Cancelled => "cancelled",
        JobEventKind.Retrying => "retrying",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
