namespace JobQueue.Dashboard.Identity;

public enum SessionState
{
    /// <summary>The user exists, is enabled, and nothing changed their access since the session began.</summary>
    Current,

    /// <summary>Disabled, deleted, demoted or promoted, their password changed, or they signed out: the session has ended.</summary>
    Revoked,

    /// <summary>The user's current state could not be read (the database is away) and none was read before.</summary>
    Unknown,
}
