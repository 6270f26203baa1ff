using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using JobQueue.Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace JobQueue.Dashboard.Monitor;

/// <summary>A read-only key that opens the wall (<c>/wall?key=...</c>), so a TV need not sign in as a person.</summary>
public sealed class WallKey
{
    public Guid Id { get; init; }
    public required string Name { get; init; }

    /// <summary>SHA-256 of the key, hex: the key itself is shown once, when it is created, and never stored.</summary>
    public required string KeyHash { get; init; }

    public DateTime CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public DateTime? RevokedAt { get; set; }

    /// <summary>The wall shows the error texts of failed jobs; without it, only that they failed (a wall is seen by anyone in the room).</summary>
    public bool ShowErrors { get; init; }
}

public sealed record WallKeyDto(Guid Id, string Name, DateTime CreatedAt, string CreatedBy, DateTime? RevokedAt);

/// <summary>A new key: <see cref="Key"/> and <see cref="WallPath"/> are shown this once.</summary>
public sealed record CreatedWallKey(WallKeyDto WallKey, string Key, string WallPath);

public sealed record CreateWallKeyRequest(string? Name);

/// <summary>
/// Creates, lists and revokes wall keys, and answers whether a key is valid from a cache of the valid keys'
/// hashes. The cache is refreshed after each change made here and at least every <see cref="RefreshEvery"/>, so a
/// key revoked on another dashboard instance stops working within that time.
/// </summary>
public sealed class WallKeyStore(IServiceScopeFactory scopes, TimeProvider time)
{
    public const int MaxNameLength = 100;
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(30);

    private volatile FrozenSet<string>? _validHashes;
    private DateTime _loadedAt;

    public async Task<CreatedWallKey> CreateAsync(string name, string createdBy, CancellationToken cancellationToken)
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
        var wallKey = new WallKey
        {
            Id = Guid.NewGuid(),
            Name = name.Trim(),
            KeyHash = Hash(key),
            CreatedAt = time.GetUtcNow().UtcDateTime,
            CreatedBy = createdBy,
        };
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
            db.WallKeys.Add(wallKey);
            await db.SaveChangesAsync(cancellationToken);
        }
        _validHashes = null;
        return new CreatedWallKey(ToDto(wallKey), key, $"/wall?key={key}");
    }

    public async Task<IReadOnlyList<WallKeyDto>> ListAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
        var keys = await db.WallKeys.AsNoTracking().ToListAsync(cancellationToken);
        return keys.OrderBy(k => k.RevokedAt is not null).ThenByDescending(k => k.CreatedAt).Select(ToDto).ToList();
    }

    /// <returns>The key as revoked, or null when there is no such key.</returns>
    public async Task<WallKeyDto?> RevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
        if (await db.WallKeys.FindAsync([id], cancellationToken) is not { } wallKey)
            return null;
        wallKey.RevokedAt ??= time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        _validHashes = null;
        return ToDto(wallKey);
    }

    public async Task<bool> IsValidAsync(string? key, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > 200)
            return false;
        var hashes = _validHashes;
        if (hashes is null || time.GetUtcNow().UtcDateTime - _loadedAt > RefreshEvery)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
            _loadedAt = time.GetUtcNow().UtcDateTime;
            hashes = (await db.WallKeys.AsNoTracking().Where(k => k.RevokedAt == null).Select(k => k.KeyHash).ToListAsync(cancellationToken))
                .ToFrozenSet(StringComparer.Ordinal);
            _validHashes = hashes;
        }
        return hashes.Contains(Hash(key));
    }

    /// <returns>null when the name is usable, else what is wrong with it.</returns>
    public static string? ValidateName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "Give the key a name, e.g. the room its display hangs in."
        : name.Trim().Length > MaxNameLength ? $"The name must be at most {MaxNameLength} characters."
        : null;

    private static string Hash(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static WallKeyDto ToDto(WallKey key) => new(key.Id, key.Name, key.CreatedAt, key.CreatedBy, key.RevokedAt);
}
