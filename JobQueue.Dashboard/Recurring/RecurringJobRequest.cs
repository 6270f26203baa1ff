namespace JobQueue.Dashboard.Recurring;

/// <summary>The body of <c>POST /api/recurring</c> and <c>PUT /api/recurring/{id}</c>.</summary>
/// <param name="Cron">5 fields, or 6 with seconds first.</param>
/// <param name="TimeZone">An IANA time zone (Europe/Berlin); UTC when left out.</param>
/// <param name="Overlap"><c>skip</c> (when left out) or <c>allow</c>.</param>
/// <param name="Missed"><c>runOnce</c> (when left out) or <c>skip</c>.</param>
public sealed record RecurringJobRequest(string? Name, string? Cron, string? TimeZone, RecurringJobTemplate? Job, string? Overlap = null, string? Missed = null);
