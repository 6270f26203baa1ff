using System.Globalization;
using JobQueue.Dashboard.Jobs;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.State;

namespace JobQueue.Dashboard.Components.Jobs;

/// <summary>How job facts read on the pages.</summary>
public static class JobFormat
{
    private const int PreviewLength = 60;

    public static string Duration(JobSnapshot job, DateTime now) => job.StartedAt is { } started
        ? Span((job.FinishedAt ?? (JobTransitions.IsTerminal(job.Status) ? started : now)) - started)
        : "";

    public static string Span(TimeSpan span) => span.TotalSeconds < 60
        ? span.TotalSeconds.ToString("0.0 s", CultureInfo.InvariantCulture)
        : span.TotalMinutes < 60
            ? $"{(int)span.TotalMinutes} min {span.Seconds} s"
            : $"{(int)span.TotalHours} h {span.Minutes} min";

    /// <summary>A length of time as a person says it: "30 s", "5 min", "1 h 30 min".</summary>
    public static string Words(TimeSpan span) =>
        span.TotalSeconds < 60 ? $"{span.TotalSeconds:0.#} s"
        : span.TotalHours < 1 ? (span.Seconds == 0 ? $"{(int)span.TotalMinutes} min" : $"{(int)span.TotalMinutes} min {span.Seconds} s")
        : span.Minutes == 0 ? $"{(int)span.TotalHours} h" : $"{(int)span.TotalHours} h {span.Minutes} min";

    /// <summary>A retention period as a person says it: "7 days", "1 day", "12 hours", "30 minutes".</summary>
    public static string Days(TimeSpan span) =>
        span.TotalDays >= 1 && span.TotalDays % 1 == 0 ? $"{span.TotalDays:0} day{(span.TotalDays == 1 ? "" : "s")}"
        : span.TotalHours >= 1 ? $"{span.TotalHours:0.#} hours"
        : $"{span.TotalMinutes:0} minutes";

    /// <summary>How long until a scheduled job is due, in whole seconds: "42 s", "3 min 5 s", "2 d 4 h"; "now" once it is.</summary>
    public static string Countdown(TimeSpan left)
    {
        var seconds = (long)Math.Ceiling(left.TotalSeconds);
        return seconds <= 0 ? "now"
            : seconds < 60 ? $"{seconds} s"
            : seconds < 3600 ? $"{seconds / 60} min {seconds % 60} s"
            : seconds < 86_400 ? $"{seconds / 3600} h {seconds % 3600 / 60} min"
            : $"{seconds / 86_400} d {seconds % 86_400 / 3600} h";
    }

    /// <summary>
    /// The last 8 hex digits: job ids are version-7 GUIDs, whose leading digits are a timestamp shared by every
    /// job submitted in the same minute, so only the tail tells jobs apart.
    /// </summary>
    public static string ShortId(Guid id) => id.ToString("N")[^8..];

    public static string Preview(string? text) =>
        text is null ? "" : text.Length <= PreviewLength ? text : string.Concat(text.AsSpan(0, PreviewLength), "…");

    public static string CancelMessage(CancelOutcome outcome) => outcome switch
    {
        CancelOutcome.Cancelled => "Cancelled the job before a worker took it",
        CancelOutcome.Cancelling => "Cancel sent; waiting for the worker to confirm",
        CancelOutcome.AlreadyFinished => "The job had already finished",
        _ => "The job was not found",
    };

    /// <summary>A log level as a log line shows it: INFO, WARN, ERROR.</summary>
    public static string ShortLevel(string level) => level switch
    {
        "Information" => "INFO",
        "Warning" => "WARN",
        "Error" => "ERROR",
        "Critical" => "CRIT",
        "Debug" => "DEBUG",
        _ => level.ToUpperInvariant(),
    };
}
