using System.Diagnostics;
using System.Diagnostics.Metrics;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.State;
using JobQueue.Shared.Telemetry;
using JobQueue.Worker.Core;
using RabbitMQ.Client;

namespace JobQueue.Worker.Telemetry;

/// <summary>
/// What this worker tells OpenTelemetry: a <c>run &lt;type&gt;</c> span per attempt, a child of the submit's trace (read
/// from the job message's <c>traceparent</c>), and its own counts: <c>jobqueue.worker.jobs.started</c>,
/// <c>jobqueue.worker.jobs.finished</c> (by type, queue and outcome), <c>jobqueue.worker.job.run.duration</c> and
/// <c>jobqueue.worker.jobs.running</c>. The system-wide job figures come from the dashboards' recorders
/// (<c>jobqueue.jobs.*</c>); these are one worker's share, named apart so a sum over processes counts each job once.
/// </summary>
public sealed class WorkerTelemetry
{
    public const string Name = "JobQueue.Worker";

    private static readonly ActivitySource Source = new(Name);

    private readonly Counter<long> _started;
    private readonly Counter<long> _finished;
    private readonly Histogram<double> _runTime;

    public WorkerTelemetry(IMeterFactory meters, RunningJobs running)
    {
        var meter = meters.Create(Name);
        _started = meter.CreateCounter<long>("jobqueue.worker.jobs.started", "{job}", "Attempts this worker started.");
        _finished = meter.CreateCounter<long>("jobqueue.worker.jobs.finished", "{job}",
            "Attempts this worker finished, by outcome: succeeded, failed, cancelled, or retrying (failed with attempts left).");
        _runTime = meter.CreateHistogram("jobqueue.worker.job.run.duration", "s", "How long this worker's attempts ran.",
            advice: JobQueueMetrics.DurationAdvice);
        meter.CreateObservableGauge("jobqueue.worker.jobs.running", () => running.Count, "{job}", "Jobs this worker runs now.");
    }

    /// <summary>The submit's trace a job message carries, read only while traces are collected (it costs a header lookup).</summary>
    public static ActivityContext SubmitTrace(IReadOnlyBasicProperties properties) =>
        Source.HasListeners() ? RabbitMQActivitySource.ContextExtractor(properties) : default;

    /// <summary>The span of one attempt, current while it runs, so its events carry its trace to the recorder.</summary>
    public static Activity? StartRun(JobMessage job, ActivityContext submitTrace)
    {
        var activity = Source.StartActivity($"run {job.Type}", ActivityKind.Consumer, submitTrace);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(JobQueueMetrics.JobIdTag, job.JobId.ToString());
            activity.SetTag(JobQueueMetrics.JobTypeTag, job.Type);
            activity.SetTag(JobQueueMetrics.QueueTag, job.Queue);
            activity.SetTag("jobqueue.job.attempt", job.Attempt);
        }
        return activity;
    }

    public void Started(JobMessage job) =>
        _started.Add(1, new(JobQueueMetrics.JobTypeTag, job.Type), new(JobQueueMetrics.QueueTag, job.Queue));

    public void Finished(JobMessage job, Settlement settlement, TimeSpan ran)
    {
        var outcome = settlement switch
        {
            Settlement.Retry => JobEventKind.Retrying,
            Settlement.Finish finish => finish.Kind,
            _ => (JobEventKind?)null,
        };
        if (outcome is not { } kind)
            return;
        var tags = new TagList
        {
            { JobQueueMetrics.JobTypeTag, job.Type },
            { JobQueueMetrics.QueueTag, job.Queue },
            { JobQueueMetrics.OutcomeTag, JobQueueMetrics.OutcomeName(kind) },
        };
        _finished.Add(1, tags);
        _runTime.Record(ran.TotalSeconds, tags);
        if (kind is JobEventKind.Failed or JobEventKind.Retrying && Activity.Current is { Source.Name: Name } run)
            run.SetStatus(ActivityStatusCode.Error, settlement is Settlement.Retry retry ? retry.Error : (settlement as Settlement.Finish)?.Error);
    }
}
