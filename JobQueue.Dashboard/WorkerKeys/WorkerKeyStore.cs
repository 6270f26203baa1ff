using JobQueue.Dashboard.Audit;
using JobQueue.Dashboard.Data;
using JobQueue.Dashboard.Security;
using JobQueue.Shared.Messaging;
using Microsoft.EntityFrameworkCore;

namespace JobQueue.Dashboard.WorkerKeys;

/// <summary>
/// Creates, lists and revokes worker keys, and finds the key a request carries. Every request reads the database (by
/// the key's hash, an index), so a key revoked on any dashboard is refused by every dashboard at once.
/// </summary>
public sealed class WorkerKeyStore(IServiceScopeFactory scopes, AuditLog audit, TimeProvider time)
{
    public const string Prefix = Identity.IdentityExtensions.WorkerKeyPrefix;
    public const int MaxNameLength = 100;
    public const int MaxNames = 50;

    public async Task<CreatedWorkerKey> CreateAsync(CreateWorkerKeyRequest request, Actor by, CancellationToken cancellationToken)
    {
        var key = SecretKeys.New(Prefix);
        var workerKey = new WorkerKey
        {
            Id = Guid.NewGuid(),
            Name = request.Name!.Trim(),
            KeyHash = Hash(key),
            Queues = WorkerKey.Join(request.Queues),
            Types = WorkerKey.Join(request.Types),
            CreatedAt = time.GetUtcNow().UtcDateTime,
            CreatedBy = by.Name,
        };
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
            db.WorkerKeys.Add(workerKey);
            await db.SaveChangesAsync(cancellationToken);
        }
        var dto = WorkerKeyDto.From(workerKey);
        await audit.RecordAsync(by, AuditActions.WorkerKeyCreated, workerKey.Name, Describe(dto));
        return new CreatedWorkerKey(dto, key);
    }

    public async Task<IReadOnlyList<WorkerKeyDto>> ListAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
        var keys = await db.WorkerKeys.AsNoTracking().ToListAsync(cancellationToken);
        return keys.OrderBy(k => k.RevokedAt is not null).ThenByDescending(k => k.CreatedAt).Select(WorkerKeyDto.From).ToList();
    }

    /// <returns>The key as revoked, or null when there is no such key.</returns>
    public async Task<WorkerKeyDto?> RevokeAsync(Guid id, Actor by, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
        if (await db.WorkerKeys.FindAsync([id], cancellationToken) is not { } workerKey)
            return null;
        var revoking = workerKey.RevokedAt is null;
        workerKey.RevokedAt ??= time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        if (revoking)
            await audit.RecordAsync(by, AuditActions.WorkerKeyRevoked, workerKey.Name);
        return WorkerKeyDto.From(workerKey);
    }

    /// <returns>The valid key <paramref name="key"/> is, or null when it is missing, wrong or revoked.</returns>
    public async Task<WorkerKeyDto?> FindAsync(string key, CancellationToken cancellationToken)
    {
        if (!key.StartsWith(Prefix, StringComparison.Ordinal) || key.Length > 200)
            return null;
        var hash = Hash(key);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
        var found = await db.WorkerKeys.AsNoTracking().FirstOrDefaultAsync(k => k.KeyHash == hash && k.RevokedAt == null, cancellationToken);
        return found is null ? null : WorkerKeyDto.From(found);
    }

    /// <returns>The problems of a request to create a key, by field; null when there are none.</returns>
    public static Dictionary<string, string[]>? Validate(CreateWorkerKeyRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name))
            errors["name"] = ["Give the key a name, e.g. the service that uses it."];
        else if (request.Name.Trim().Length > MaxNameLength)
            errors["name"] = [$"The name must be at most {MaxNameLength} characters."];
        if (request.Queues is { Count: > MaxNames } || request.Types is { Count: > MaxNames })
            errors[request.Queues is { Count: > MaxNames } ? "queues" : "types"] = [$"At most {MaxNames} names."];
        if (request.Queues?.Select(q => Topology.ValidateQueueName(q?.Trim() ?? "")).FirstOrDefault(e => e is not null) is { } queueError)
            errors["queues"] = [queueError];
        if (request.Types?.Any(t => string.IsNullOrWhiteSpace(t) || t.Trim().Length > 64 || t.Contains(',', StringComparison.Ordinal)) == true)
            errors["types"] = ["A job type name must be 1 to 64 characters, without commas."];
        return errors.Count == 0 ? null : errors;
    }

    private static string Describe(WorkerKeyDto key) =>
        $"queues: {(key.Queues.Count == 0 ? "any" : string.Join(", ", key.Queues))}; types: {(key.Types.Count == 0 ? "any" : string.Join(", ", key.Types))}";

    private static string Hash(string key) => SecretKeys.Hash(key);
}
