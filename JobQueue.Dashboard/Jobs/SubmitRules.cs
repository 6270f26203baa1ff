using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using JobQueue.Dashboard.Api;
using JobQueue.Shared.Contracts;

namespace JobQueue.Dashboard.Jobs;

/// <summary>The rules of a submit's timing, priority and unique key: each answers null when the value is usable, else why not.</summary>
public static class SubmitRules
{
    /// <summary>When the job is due: now for a job that runs at once, else the time it was given or the delay from now.</summary>
    public static string? ValidateTiming(SubmitJobRequest request, DateTime now, out DateTime? runAt)
    {
        runAt = null;
        if (request.RunAt is not null && request.DelaySeconds is not null)
            return "Give runAt or delaySeconds, not both.";
        if (request.DelaySeconds is { } delay)
        {
            if (double.IsNaN(delay) || delay < 0 || delay > JobsOptions.MaxDelay.TotalSeconds)
                return $"delaySeconds must be between 0 and {JobsOptions.MaxDelay.TotalSeconds:0} (a year); {delay.ToString(CultureInfo.InvariantCulture)} is out of range.";
            runAt = ToMilliseconds(now + TimeSpan.FromSeconds(delay));
            return null;
        }
        if (request.RunAt is not { } text)
            return null;
        if (!HasOffset(text) || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
            return $"runAt must be an ISO 8601 time with Z or an offset, such as 2026-12-01T18:30:00Z; '{Shorten(text)}' is not one.";
        if (at.UtcDateTime > now + JobsOptions.MaxDelay)
            return $"runAt is more than a year away ({at.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC); a job can be scheduled at most a year ahead.";
        // A time already past runs at once, as Hangfire, Quartz.NET and Sidekiq do.
        runAt = ToMilliseconds(at.UtcDateTime);
        return null;
    }

    /// <summary>
    /// Up to the next whole millisecond: every database keeps that exactly (PostgreSQL drops what is finer than a
    /// microsecond), so the time answered is the time stored, and rounding up never makes a job early.
    /// </summary>
    private static DateTime ToMilliseconds(DateTime at)
    {
        var extra = at.Ticks % TimeSpan.TicksPerMillisecond;
        return extra == 0 ? at : at.AddTicks(TimeSpan.TicksPerMillisecond - extra);
    }

    public static string? ValidatePriority(string? text, out JobPriority priority)
    {
        priority = JobPriority.Normal;
        if (text is null)
            return null;
        if (EnumNames.TryParse(text, out priority))
            return null;
        return $"priority is high, normal or low; '{Shorten(text)}' is not one.";
    }

    public static string? ValidateUniqueKey(string? key) =>
        key is null ? null
        : string.IsNullOrWhiteSpace(key) ? "uniqueKey must not be empty; leave it out for a job without one."
        : key.Length > JobsOptions.MaxUniqueKeyLength ? $"uniqueKey is at most {JobsOptions.MaxUniqueKeyLength} characters, not {key.Length}."
        : null;

    // Stored and shown as the user wrote it: "<b>" stays "<b>", not "\u003Cb\u003E". Pages always render it as
    // encoded text, never as markup, so relaxed escaping is safe here.
    private static readonly JsonSerializerOptions PayloadJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A payload as it is stored: its JSON text, escaped no more than JSON needs.</summary>
    public static string NormalizedJson(JsonElement payload) => JsonSerializer.Serialize(payload, PayloadJson);

    /// <summary>The priority as the API writes it.</summary>
    public static string Name(JobPriority priority) => priority.ToString().ToLowerInvariant();

    private static bool HasOffset(string text) =>
        text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
