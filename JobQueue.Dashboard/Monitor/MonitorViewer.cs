using JobQueue.Dashboard.Identity;

namespace JobQueue.Dashboard.Monitor;

/// <summary>
/// Who looks at the monitor or a wall, and so how much of each failure they see: an admin everything; a user the
/// error texts of their own jobs, and of anyone else's only that it failed (no id, no text); a wall the failures,
/// with their texts only if its key was created to show them. The recurring jobs' names (everyone's) only an admin
/// and a wall that shows error texts read; a wall key limited to queues shows only those queues and their failures.
/// </summary>
/// <param name="Queues">The only queues this viewer sees; null for every queue.</param>
public sealed record MonitorViewer(string? UserId, bool SeesEveryError, bool SeesOthersJobIds, IReadOnlySet<string>? Queues = null)
{
    public static MonitorViewer For(JobViewer viewer) => new(viewer.UserId, viewer.IsAdmin, viewer.IsAdmin);

    public static MonitorViewer Wall(bool showErrors, IReadOnlyCollection<string>? queues = null) =>
        new(null, showErrors, SeesOthersJobIds: true, queues is { Count: > 0 } ? queues.ToHashSet(StringComparer.Ordinal) : null);

    /// <summary>Whether the names of everyone's recurring jobs may be shown (they can say what a team works on).</summary>
    public bool SeesRecurringNames => SeesEveryError;

    /// <summary>The queues to show of those asked for (<paramref name="pinned"/>: a wall's <c>&amp;queue=</c>); null for every queue.</summary>
    public IReadOnlySet<string>? QueuesOf(IReadOnlyCollection<string>? pinned) =>
        (Queues, pinned) switch
        {
            (null, null) => null,
            (null, { } asked) => asked.ToHashSet(StringComparer.Ordinal),
            ({ } allowed, null) => allowed,
            ({ } allowed, { } asked) => asked.Where(allowed.Contains).ToHashSet(StringComparer.Ordinal),
        };

    public FailureView Scope(FailureView failure) =>
        SeesEveryError || (UserId is not null && failure.OwnerId == UserId) ? failure with { OwnerId = null }
        : SeesOthersJobIds ? failure with { Error = null, OwnerId = null }
        : failure with { JobId = null, Error = null, WorkerId = null, OwnerId = null };

    public MonitorSnapshot Scope(MonitorSnapshot snapshot) => snapshot with
    {
        LatestFailures = [.. snapshot.LatestFailures.Where(f => Queues is null || (f.Queue is not null && Queues.Contains(f.Queue))).Select(Scope)],
    };
}
