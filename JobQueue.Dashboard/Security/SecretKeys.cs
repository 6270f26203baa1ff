using System.Security.Cryptography;
using System.Text;

namespace JobQueue.Dashboard.Security;

/// <summary>The keys handed out once and kept only as a hash: wall keys and worker keys.</summary>
public static class SecretKeys
{
    /// <summary>192 random bits, URL-safe base64, after <paramref name="prefix"/>.</summary>
    public static string New(string prefix = "") =>
        prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');

    /// <summary>SHA-256 of the key, hex: what is stored and looked up.</summary>
    public static string Hash(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
