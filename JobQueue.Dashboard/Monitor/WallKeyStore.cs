using System.Collections.Frozen;
using JobQueue.Dashboard.Audit;
using JobQueue.Dashboard.Data;
using JobQueue.Dashboard.Security;
using Microsoft.EntityFrameworkCore;

namespace JobQueue.Dashboard.Monitor;

/// <summary>
/// Creates, lists and revokes wall keys, and answers what a key opens from a cache of the valid keys. The cache is
/// refreshed after each change made here and at least every <see cref="RefreshEvery"/>, so a key revoked on another
/// dashboard instance stops working within that time.
/// </summary>
public sealed class WallKeyStore(IServiceScopeFactory scopes, AuditLog audit, TimeProvider time)
{
    public const int MaxNameLength = 100;
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(30);

    private volatile FrozenDictionary<string, MonitorViewer>? _valid;
    private DateTime _loadedAt;

    public async Task<CreatedWallKey> CreateAsync(string name, bool showErrors, Actor by, CancellationToken cancellationToken,
        IReadOnlyCollection<string>? queues = null)
    {
        var key = SecretKeys.New();
        var wallKey = new WallKey
        {
            Id = Guid.NewGuid(),
            Name = name.Trim(),
            KeyHash = Hash(key),
            CreatedAt = time.GetUtcNow().UtcDateTime,
            CreatedBy = by.Name,
            ShowErrors = showErrors,
            Queues = string.Join(',', (queues ?? []).Select(q => q.Trim()).Where(q => q.Length > 0).Distinct(StringComparer.Ordinal)),
        };
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
            db.WallKeys.Add(wallKey);
            await db.SaveChangesAsync(cancellationToken);
        }
        _valid = null;
        await audit.RecordAsync(by, AuditActions.WallKeyCreated, wallKey.Name,
            string.Join("; ", new[] { showErrors ? "shows error texts" : null, wallKey.Queues.Length > 0 ? $"queues {wallKey.Queues}" : null }.OfType<string>()) is { Length: > 0 } details ? details : null);
        return new CreatedWallKey(WallKeyDto.From(wallKey), key, $"/wall?key={key}");
    }

    public async Task<IReadOnlyList<WallKeyDto>> ListAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
        var keys = await db.WallKeys.AsNoTracking().ToListAsync(cancellationToken);
        return keys.OrderBy(k => k.RevokedAt is not null).ThenByDescending(k => k.CreatedAt).Select(WallKeyDto.From).ToList();
    }

    /// <returns>The key as revoked, or null when there is no such key.</returns>
    public async Task<WallKeyDto?> RevokeAsync(Guid id, Actor by, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
        if (await db.WallKeys.FindAsync([id], cancellationToken) is not { } wallKey)
            return null;
        var revoking = wallKey.RevokedAt is null;
        wallKey.RevokedAt ??= time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        _valid = null;
        if (revoking)
            await audit.RecordAsync(by, AuditActions.WallKeyRevoked, wallKey.Name);
        return WallKeyDto.From(wallKey);
    }

    /// <returns>What a wall opened with <paramref name="key"/> may show, or null when the key is missing, wrong or revoked.</returns>
    public async Task<MonitorViewer?> OpenAsync(string? key, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > 200)
            return null;
        var valid = _valid;
        if (valid is null || time.GetUtcNow().UtcDateTime - _loadedAt > RefreshEvery)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
            _loadedAt = time.GetUtcNow().UtcDateTime;
            valid = (await db.WallKeys.AsNoTracking().Where(k => k.RevokedAt == null).ToListAsync(cancellationToken))
                .ToFrozenDictionary(k => k.KeyHash, k => MonitorViewer.Wall(k.ShowErrors, k.QueueList), StringComparer.Ordinal);
            _valid = valid;
        }
        return valid.GetValueOrDefault(Hash(key));
    }

    /// <summary>The most queues one wall key names.</summary>
    public const int MaxQueues = 50;

    /// <returns>null when the queues are usable (names of queues, at most <see cref="MaxQueues"/>), else what is wrong.</returns>
    public static string? ValidateQueues(IReadOnlyList<string>? queues) =>
        queues is null ? null
        : queues.Count > MaxQueues ? $"A wall key names at most {MaxQueues} queues."
        : queues.Select(q => Shared.Messaging.Topology.ValidateQueueName(q?.Trim() ?? "")).FirstOrDefault(e => e is not null);

    /// <returns>null when the name is usable, else what is wrong with it.</returns>
    public static string? ValidateName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "Give the key a name, e.g. the room its display hangs in."
        : name.Trim().Length > MaxNameLength ? $"The name must be at most {MaxNameLength} characters."
        : null;

    private static string Hash(string key) => SecretKeys.Hash(key);
}
