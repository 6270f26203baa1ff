using Cronos;

namespace JobQueue.Dashboard.Recurring;

/// <summary>
/// Which occurrences of a recurring job fire now, as one pure function (table-tested like the job state machine): every
/// occurrence from the stored next one up to now, each once; when the oldest of them is older than the catch-up window
/// the job was missed (no dashboard could fire it), and <see cref="MissedPolicy"/> decides: the latest of them once, or
/// none. The next occurrence is the first one after now.
/// </summary>
public static class RecurringPlan
{
    /// <summary>At most this many late occurrences fire at once: a second-by-second job after a long gap must not flood its queue.</summary>
    public const int MaxCatchUp = 100;

    /// <param name="Fire">The occurrences to run now, oldest first.</param>
    /// <param name="Missed">How many occurrences were missed and not run (the missed policy's).</param>
    /// <param name="Next">The first occurrence after now, or null when the schedule has no more.</param>
    public sealed record Plan(IReadOnlyList<DateTime> Fire, int Missed, DateTime? Next);

    public static Plan Due(CronExpression cron, TimeZoneInfo zone, DateTime nextRunAt, DateTime now, TimeSpan catchUp, MissedPolicy missed)
    {
        var next = Next(cron, zone, now);
        if (nextRunAt > now)
            return new Plan([], 0, nextRunAt);
        var due = new List<DateTime>();
        for (DateTime? at = nextRunAt; at is { } occurrence && occurrence <= now; at = cron.GetNextOccurrence(occurrence, zone))
            due.Add(occurrence);
        if (now - nextRunAt > catchUp)
        {
            // Missed: the latest one once, or none; the rest are counted as missed.
            return missed == MissedPolicy.RunOnce
                ? new Plan([due[^1]], due.Count - 1, next)
                : new Plan([], due.Count, next);
        }
        return due.Count > MaxCatchUp
            ? new Plan(due[^MaxCatchUp..], due.Count - MaxCatchUp, next)
            : new Plan(due, 0, next);
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>, in UTC.</summary>
    public static DateTime? Next(CronExpression cron, TimeZoneInfo zone, DateTime after) => cron.GetNextOccurrence(after, zone);

    /// <summary>The next <paramref name="count"/> occurrences after <paramref name="after"/>, in UTC.</summary>
    public static IReadOnlyList<DateTime> Upcoming(CronExpression cron, TimeZoneInfo zone, DateTime after, int count)
    {
        var upcoming = new List<DateTime>(count);
        for (var at = cron.GetNextOccurrence(after, zone); at is { } occurrence && upcoming.Count < count; at = cron.GetNextOccurrence(occurrence, zone))
            upcoming.Add(occurrence);
        return upcoming;
    }

    /// <summary>A cron expression of 5 fields, or 6 with seconds first.</summary>
    /// <returns>null when it parses, else why not.</returns>
    /// <summary>
    /// The shortest time between two of its occurrences over the next two days (at most 1,000 occurrences looked at):
    /// a burst such as <c>0-59 0 0 * * *</c> counts, however rare. Null when it occurs less than twice in that time.
    /// </summary>
    public static TimeSpan? ShortestInterval(CronExpression cron, TimeZoneInfo zone, DateTime from)
    {
        var until = from.AddDays(2);
        TimeSpan? shortest = null;
        var previous = cron.GetNextOccurrence(from, zone);
        for (var seen = 0; previous is { } at && at < until && seen < 1000; seen++)
        {
            var next = cron.GetNextOccurrence(at, zone);
            if (next is { } following && (shortest is null || following - at < shortest))
                shortest = following - at;
            previous = next;
        }
        return shortest;
    }

    public static string? TryParse(string? text, out CronExpression? cron)
    {
        cron = null;
        if (string.IsNullOrWhiteSpace(text))
            return "cron is required: 5 fields (minute hour day month weekday), or 6 with seconds first, such as \"*/5 * * * *\".";
        if (text.Length > RecurringJob.MaxCronLength)
            return $"cron is at most {RecurringJob.MaxCronLength} characters.";
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (fields is not (5 or 6))
            return $"cron has {fields} fields; it takes 5 (minute hour day month weekday), or 6 with seconds first.";
        try
        {
            cron = CronExpression.Parse(text, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
            return null;
        }
        catch (CronFormatException ex)
        {
            return $"cron '{text}' is not valid: {ex.Message}";
        }
    }

    /// <returns>null when <paramref name="id"/> names a time zone this machine knows (IANA such as Europe/Berlin, or UTC), else why not.</returns>
    public static string? TryFindZone(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(id) || id == "UTC")
            return null;
        if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found))
        {
            zone = found;
            return null;
        }
        return $"timeZone '{(id.Length > 64 ? id[..64] + "…" : id)}' is not a time zone; use an IANA name such as Europe/Berlin or America/New_York, or UTC.";
    }
}
