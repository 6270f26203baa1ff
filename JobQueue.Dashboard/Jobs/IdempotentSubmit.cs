using System.Security.Cryptography;
using System.Text.Json;

namespace JobQueue.Dashboard.Jobs;

/// <summary>
/// A submit that carried an <c>Idempotency-Key</c>: the key, a hash of what was asked under it, and how to write the
/// answer that is stored with the jobs (in the same transaction) and given again to the same key.
/// </summary>
public sealed record IdempotentSubmit(string Key, string RequestHash, Func<IReadOnlyList<Job>, string> Answer)
{
    public const string Header = "Idempotency-Key";

    /// <returns>null when the key is usable, else what is wrong with it.</returns>
    public static string? Validate(string key) =>
        key.Length is >= 1 and <= JobsOptions.MaxIdempotencyKeyLength && key.All(c => c is >= '!' and <= '~')
            ? null
            : $"The {Header} header must be 1 to {JobsOptions.MaxIdempotencyKeyLength} visible ASCII characters, e.g. a UUID.";

    /// <summary>The same endpoint with the same request (however its JSON was spaced) hashes the same.</summary>
    public static string Hash<T>(string endpoint, T request, JsonSerializerOptions options) =>
        Convert.ToHexString(SHA256.HashData([.. System.Text.Encoding.UTF8.GetBytes(endpoint + "\n"), .. JsonSerializer.SerializeToUtf8Bytes(request, options)]));
}
