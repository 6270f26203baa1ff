namespace JobQueue.Dashboard.Recurring;

/// <summary>
/// What a recurring job does with occurrences missed while no dashboard could fire them for longer than
/// <c>Jobs:RecurringCatchUp</c> (all were down). Occurrences late by less than that (a lease changing hands, a quick
/// restart) are not missed: each runs, late.
/// </summary>
public enum MissedPolicy
{
    /// <summary>The missed occurrences run once between them (not once per missed occurrence), as soon as a dashboard can.</summary>
    RunOnce,

    /// <summary>The missed occurrences are skipped; the next one runs on time.</summary>
    Skip,
}
