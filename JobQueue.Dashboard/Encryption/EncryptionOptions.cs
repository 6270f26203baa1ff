namespace JobQueue.Dashboard.Encryption;

/// <summary>Job data at rest (<c>Jobs:EncryptAtRest</c>); the setting sits with the other job settings.</summary>
public sealed class EncryptionOptions
{
    public const string Section = "Jobs";

    /// <summary>
    /// Whether payloads, results, errors, notes and log lines are stored encrypted with a key of their owner's. Off, new
    /// values are stored as they are; values stored encrypted before stay readable either way.
    /// </summary>
    public bool EncryptAtRest { get; set; } = true;
}
