using System.Diagnostics;
using System.Diagnostics.Metrics;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.State;
using JobQueue.Shared.Telemetry;

namespace JobQueue.Dashboard.Telemetry;

/// <summary>
/// The system's job figures, as this dashboard sees them happen: jobs submitted here, and the events its recorder
/// stored (<c>jobqueue.recorder</c> is shared by competing dashboards, so each event is counted by one dashboard and a
/// sum over dashboards counts each job once; an event the reducer refused, a redelivered repeat, is not counted).
/// <list type="bullet">
/// <item><c>jobqueue.jobs.submitted</c>, <c>jobqueue.jobs.started</c>, <c>jobqueue.jobs.finished</c> (by type, queue and
/// outcome: succeeded, failed, cancelled, or retrying for an attempt that failed with attempts left)</item>
/// <item><c>jobqueue.job.queue_wait.duration</c> (submit to start) and <c>jobqueue.job.run.duration</c> (start to end), in seconds</item>
/// <item><c>jobqueue.events.recorded</c>, <c>jobqueue.job_log_lines.recorded</c>, and <c>jobqueue.live.clients</c> (hub connections and Blazor circuits open here)</item>
/// </list>
/// While traces are collected, each stored batch is a <c>record</c> span, and each event that carries its job's trace
/// gets a <c>record job.&lt;kind&gt;</c> span in that trace, so one trace runs from the submit to the stored outcome.
/// </summary>
public sealed class DashboardTelemetry
{
    public const string Name = "JobQueue.Dashboard";
    public const string HubClient = "hub";
    public const string CircuitClient = "circuit";

    private static readonly ActivitySource Source = new(Name);

    private readonly Counter<long> _submitted;
    private readonly Counter<long> _started;
    private readonly Counter<long> _finished;
    private readonly Histogram<double> _queueWait;
    private readonly Histogram<double> _runTime;
    private readonly Counter<long> _eventsRecorded;
    private readonly Counter<long> _linesRecorded;
    private readonly UpDownCounter<long> _liveClients;

    public DashboardTelemetry(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        _submitted = meter.CreateCounter<long>("jobqueue.jobs.submitted", "{job}", "Jobs submitted (the API, the pages, recurring jobs).");
        _started = meter.CreateCounter<long>("jobqueue.jobs.started", "{job}", "Attempts that started, as recorded.");
        _finished = meter.CreateCounter<long>("jobqueue.jobs.finished", "{job}", "Attempts that ended, as recorded, by outcome.");
        _queueWait = meter.CreateHistogram("jobqueue.job.queue_wait.duration", "s", "From submit to the start of an attempt.",
            advice: JobQueueMetrics.DurationAdvice);
        _runTime = meter.CreateHistogram("jobqueue.job.run.duration", "s", "From the start of an attempt to its end.",
            advice: JobQueueMetrics.DurationAdvice);
        _eventsRecorded = meter.CreateCounter<long>("jobqueue.events.recorded", "{event}", "Job events the recorder stored.");
        _linesRecorded = meter.CreateCounter<long>("jobqueue.job_log_lines.recorded", "{line}", "Job log lines the recorder stored.");
        _liveClients = meter.CreateUpDownCounter<long>("jobqueue.live.clients", "{client}",
            "Live clients connected to this dashboard: hub connections and Blazor circuits.");
    }

    public void Submitted(IEnumerable<(string Type, string Queue)> jobs)
    {
        foreach (var (type, queue) in jobs)
            _submitted.Add(1, new(JobQueueMetrics.JobTypeTag, type), new(JobQueueMetrics.QueueTag, queue));
    }

    /// <summary>Counts what the recorder stored: the events the reducer took, and the log lines.</summary>
    public void Recorded(IReadOnlyList<AcceptedEvent> accepted, int events, int lines)
    {
        _eventsRecorded.Add(events);
        if (lines > 0)
            _linesRecorded.Add(lines);
        foreach (var change in accepted)
        {
            if (change.StartsAttempt)
                Started(change.Event, change.Before.Attempt == change.Event.Attempt ? null : change.Before.NextAttemptAt);
            if (change.EndsAttempt)
                Ended(change.Event);
        }
    }

    /// <summary>Counts the jobs this dashboard ended itself (cancelled before a worker took them, or failed as dead letters).</summary>
    public void Noticed(IReadOnlyList<JobEvent> notices)
    {
        foreach (var notice in notices)
        {
            if (notice.Kind is JobEventKind.Cancelled or JobEventKind.Failed)
                Ended(notice);
        }
    }

    /// <param name="due">When a retry's attempt was due; a first attempt waits from its submit.</param>
    private void Started(JobEvent jobEvent, DateTime? due)
    {
        var type = new KeyValuePair<string, object?>(JobQueueMetrics.JobTypeTag, jobEvent.Type);
        var queue = new KeyValuePair<string, object?>(JobQueueMetrics.QueueTag, jobEvent.Queue);
        _started.Add(1, type, queue);
        if (jobEvent.StartedAt is { } startedAt && (due ?? jobEvent.SubmittedAt) is { } waitingSince && startedAt >= waitingSince)
            _queueWait.Record((startedAt - waitingSince).TotalSeconds, type, queue);
    }

    private void Ended(JobEvent jobEvent)
    {
        var tags = new TagList
        {
            { JobQueueMetrics.JobTypeTag, jobEvent.Type },
            { JobQueueMetrics.QueueTag, jobEvent.Queue },
            { JobQueueMetrics.OutcomeTag, JobQueueMetrics.OutcomeName(jobEvent.Kind) },
        };
        _finished.Add(1, tags);
        if (jobEvent.StartedAt is { } startedAt && jobEvent.At >= startedAt)
            _runTime.Record((jobEvent.At - startedAt).TotalSeconds, tags);
    }

    public void ClientConnected(string kind) => _liveClients.Add(1, new KeyValuePair<string, object?>("jobqueue.client.kind", kind));

    public void ClientDisconnected(string kind) => _liveClients.Add(-1, new KeyValuePair<string, object?>("jobqueue.client.kind", kind));

    /// <summary>The span of one stored batch, or null while traces are not collected.</summary>
    public static Activity? StartRecording(int events, int lines)
    {
        var activity = Source.StartActivity("record", ActivityKind.Consumer);
        activity?.SetTag("jobqueue.events", events);
        activity?.SetTag("jobqueue.job_log_lines", lines);
        return activity;
    }

    /// <summary>
    /// For each stored event that carries its job's trace, a span in that trace covering the batch's store, linked to
    /// the batch's span: the last step of the job's trace.
    /// </summary>
    public static void Traced(Activity? batch, IReadOnlyList<AcceptedEvent> accepted)
    {
        if (batch is null)
            return;
        var end = DateTimeOffset.UtcNow;
        var links = new[] { new ActivityLink(batch.Context) };
        foreach (var (jobEvent, _) in accepted)
        {
            if (jobEvent.Trace is null || !ActivityContext.TryParse(jobEvent.Trace, null, out var parent))
                continue;
            using var span = Source.StartActivity($"record job.{jobEvent.KindName}", ActivityKind.Consumer, parent, links: links,
                startTime: new DateTimeOffset(batch.StartTimeUtc));
            if (span is null)
                continue;
            span.SetTag(JobQueueMetrics.JobIdTag, jobEvent.JobId.ToString());
            span.SetTag(JobQueueMetrics.JobTypeTag, jobEvent.Type);
            span.SetEndTime(end.UtcDateTime);
        }
    }
}
