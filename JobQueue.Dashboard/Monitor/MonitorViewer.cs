using JobQueue.Dashboard.Identity;

namespace JobQueue.Dashboard.Monitor;

/// <summary>
/// Who looks at the monitor or a wall, and so how much of each failure they see: an admin everything; a user the
/// error texts of their own jobs, and of anyone else's only that it failed (no id, no text); a wall the failures,
/// with their texts only if its key was created to show them.
/// </summary>
public sealed record MonitorViewer(string? UserId, bool SeesEveryError, bool SeesOthersJobIds)
{
    public static MonitorViewer For(JobViewer viewer) => new(viewer.UserId, viewer.IsAdmin, viewer.IsAdmin);

    public static MonitorViewer Wall(bool showErrors) => new(null, showErrors, SeesOthersJobIds: true);

    public FailureView Scope(FailureView failure) =>
        SeesEveryError || (UserId is not null && failure.OwnerId == UserId) ? failure with { OwnerId = null }
        : SeesOthersJobIds ? failure with { Error = null, OwnerId = null }
        : failure with { JobId = null, Error = null, WorkerId = null, OwnerId = null };

    public MonitorSnapshot Scope(MonitorSnapshot snapshot) => snapshot with { LatestFailures = [.. snapshot.LatestFailures.Select(Scope)] };
}
