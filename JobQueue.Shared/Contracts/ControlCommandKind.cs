namespace JobQueue.Shared.Contracts;

public enum ControlCommandKind
{
    CancelJob,
    Pause,
    Resume,
    SetConcurrency,
    Drain,

    /// <summary>Stop consuming <see cref="ControlCommand.Queue"/>; the worker goes on with its other queues.</summary>
    PauseQueue,
    ResumeQueue,

    /// <summary>Cancel every job of <see cref="ControlCommand.JobIds"/> (a bulk cancel sends one per batch), as <see cref="CancelJob"/> does one.</summary>
    CancelJobs,

    /// <summary>Publish every log line the worker still keeps (a dashboard that just started asks every worker).</summary>
    SendLogs,

    /// <summary>Advertise the job types the worker runs again (<see cref="JobTypesAdvertised"/>): a dashboard that just started, or that heard of a type it does not know, asks.</summary>
    SendJobTypes,
}
