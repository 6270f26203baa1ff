namespace JobQueue.Dashboard.JobTypes;

/// <summary>
/// Who owns a job type: who first advertised it. JobQueue's workers on the broker (the operator's own, with broker
/// credentials) own theirs together; a worker key owns what it first advertised. A key may then advertise only what it
/// owns or what its list names, never a built-in type (<see cref="Shared.JobTypes.BuiltInJobTypes"/>). A type stored
/// before types had owners has none: the first to advertise it again claims it.
/// </summary>
public static class JobTypeOwners
{
    /// <summary>The workers on the broker.</summary>
    public const string Workers = "workers";

    private const string KeyPrefix = "key:";

    public static string Key(Guid keyId) => KeyPrefix + keyId.ToString("N");

    /// <returns>The key that owns a type, or null when the broker's workers do (or nobody yet).</returns>
    public static Guid? KeyOf(string? owner) =>
        owner is not null && owner.StartsWith(KeyPrefix, StringComparison.Ordinal) && Guid.TryParseExact(owner[KeyPrefix.Length..], "N", out var id) ? id : null;
}
