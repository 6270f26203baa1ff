namespace JobQueue.Dashboard.Encryption;

/// <summary>
/// How the Data Protection keys kept in the database are themselves protected (<c>DataProtection:*</c>). With no
/// certificate they are stored as they are, and whoever reads the database reads the keys: the dashboard says so at start.
/// </summary>
public sealed class KeyRingOptions
{
    public const string Section = "DataProtection";

    /// <summary>A PKCS#12 (.pfx) file with a private key that encrypts every key the dashboard stores; every dashboard on the database needs it.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>How long a key is used for new data before a new one takes over (old ones keep decrypting what they encrypted).</summary>
    public TimeSpan KeyLifetime { get; set; } = TimeSpan.FromDays(90);
}
