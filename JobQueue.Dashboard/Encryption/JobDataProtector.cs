using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace JobQueue.Dashboard.Encryption;

/// <summary>
/// Seals job data before it is stored and opens it where it is shown or sent on (docs/design.md, "Encryption at rest"):
/// payloads, results, errors, timeline notes, log lines and every stored copy of them (leases, dead letters, the answers
/// kept for idempotency keys, recurring templates). Each owner has a Data Protection purpose of their own, so a value
/// sealed for one user cannot be opened as another's. A sealed value is text that starts with <see cref="Prefix"/>;
/// anything else is clear (stored before encryption was on, or with it off) and is read as it is.
/// </summary>
public sealed class JobDataProtector(IDataProtectionProvider provider, IOptions<EncryptionOptions> options, ILogger<JobDataProtector> logger)
{
    public const string Prefix = "jqe1:";

    /// <summary>What a value reads as when no key this dashboard has opens it (a lost key ring, another owner's purpose, a damaged value).</summary>
    public const string Unreadable = "[encrypted with a key this dashboard does not have]";

    private readonly IDataProtector _root = provider.CreateProtector("JobQueue.JobData");
    private readonly ConcurrentDictionary<string, IDataProtector> _owners = new(StringComparer.Ordinal);

    public bool Enabled => options.Value.EncryptAtRest;

    /// <summary>The value as it is stored: sealed for <paramref name="ownerId"/> when encryption is on.</summary>
    [return: NotNullIfNotNull(nameof(clear))]
    public string? Seal(string ownerId, string? clear)
    {
        // Clear text that looks sealed is sealed even with encryption off, so that it reads back as itself.
        if (clear is null || (!Enabled && !IsSealed(clear)))
            return clear;
        var sealedBytes = For(ownerId).Protect(Encoding.UTF8.GetBytes(clear));
        return string.Concat(Prefix, Base64Url.EncodeToString(sealedBytes));
    }

    /// <summary>The value as it was before <see cref="Seal"/>, or <see cref="Unreadable"/> when no key opens it.</summary>
    [return: NotNullIfNotNull(nameof(stored))]
    public string? Open(string ownerId, string? stored)
    {
        if (stored is null || !IsSealed(stored))
            return stored;
        try
        {
            return Encoding.UTF8.GetString(For(ownerId).Unprotect(Base64Url.DecodeFromChars(stored.AsSpan(Prefix.Length))));
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            logger.LogWarning(ex, "A stored job value of owner {OwnerId} could not be decrypted; it is shown as unreadable", ownerId);
            return Unreadable;
        }
    }

    /// <summary>A sealed JSON value (a payload) opened and parsed; one no key opens is the JSON string <see cref="Unreadable"/>.</summary>
    public JsonElement OpenJson(string ownerId, string stored)
    {
        var json = Open(ownerId, stored);
        if (ReferenceEquals(json, Unreadable))
            return JsonSerializer.SerializeToElement(Unreadable);
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static bool IsSealed(string value) => value.StartsWith(Prefix, StringComparison.Ordinal);

    private IDataProtector For(string ownerId) => _owners.GetOrAdd(ownerId, static (owner, root) => root.CreateProtector(owner), _root);
}
