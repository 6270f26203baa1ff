using System.Collections.Frozen;
using System.Text.Json;
using JobQueue.Dashboard.Audit;
using JobQueue.Dashboard.Data;
using JobQueue.Dashboard.Live;
using JobQueue.ServiceDefaults.Hosting;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.JobTypes;
using JobQueue.Shared.Resilience;
using Microsoft.EntityFrameworkCore;
using Polly;
using Polly.Registry;

namespace JobQueue.Dashboard.JobTypes;

/// <summary>
/// The job types this system knows: what workers advertised (<see cref="JobTypesAdvertised"/>), kept in the database so
/// a type stays known while its workers are away. Jobs can be submitted only of these types, and each payload is checked
/// against its type's schema. Held in memory (every dashboard hears every advertisement), read from the database at
/// start and every <see cref="RefreshEvery"/>; an entry newer here than there (the database was away when it came) is
/// stored again then. When two workers advertise one type differently (a rolling deploy), the latest advertisement wins.
/// </summary>
public sealed class JobTypeCatalog(IServiceScopeFactory scopes, LiveEvents live, TimeProvider time, AuditLog audit, ILogger<JobTypeCatalog> logger,
    ResiliencePipelineProvider<string> pipelines, IServiceProvider services) : SupervisedBackgroundService(services), IJobTypeCatalog
{
    private readonly ResiliencePipeline _conflicts = pipelines.GetPipeline(Pipelines.StoreConflict);

    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(15);

    private volatile FrozenDictionary<string, KnownJobType> _known = FrozenDictionary<string, KnownJobType>.Empty;
    private readonly SemaphoreSlim _writes = new(1, 1);
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Every known type, by name.</summary>
    public IReadOnlyList<KnownJobType> All => _known.Values.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();

    public bool TryGet(string name, out KnownJobType type) => _known.TryGetValue(name, out type!);

    /// <summary>
    /// Before a submit is judged: a type this instance does not know may have been stored by another instance, or before
    /// this one finished reading them, so the database is asked (one query) when a submit names one.
    /// </summary>
    public async Task LearnUnknownAsync(IEnumerable<string?> types, CancellationToken cancellationToken)
    {
        var unknown = types.OfType<string>().Where(t => !_known.ContainsKey(t) && JobLimits.ValidateTypeName(t) is null).Distinct(StringComparer.Ordinal).ToList();
        if (unknown.Count == 0)
            return;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
            if (await db.JobTypes.AsNoTracking().AnyAsync(t => unknown.Contains(t.Name), cancellationToken))
                await RefreshAsync(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogDebug(ex, "Could not look up job types {Types} in the database", string.Join(", ", unknown));
        }
    }

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RefreshEvery, time);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Could not read the job types; keeping the ones read before");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Completes once the stored types were read (or could not be, the first time).</summary>
    public Task Loaded => _loaded.Task;

    /// <summary>
    /// Takes a worker's advertisement: each valid type that is new or changed is stored and known at once; one that is
    /// not valid is logged and left out (or, with <paramref name="allOrNothing"/>, so is every other). Returns what was
    /// refused, by type name.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> AdvertisedAsync(JobTypesAdvertised advertised, Advertiser advertiser,
        CancellationToken cancellationToken, bool allOrNothing = false)
    {
        var refused = new Dictionary<string, string>();
        var accepted = new List<KnownJobType>();
        foreach (var definition in advertised.Types ?? [])
        {
            if (Check(definition, out var schema) is { } problem)
            {
                refused[definition?.Name ?? "(no name)"] = problem;
                logger.LogWarning("Worker {WorkerId} advertised job type {JobType}, which is refused: {Problem}", advertised.WorkerId, definition?.Name, problem);
                continue;
            }
            var first = _known.TryGetValue(definition!.Name, out var before) ? before.FirstAdvertisedAt : advertised.At;
            if (before is not null && !before.SameAs(definition))
                logger.LogInformation("Job type {JobType} changed, as worker {WorkerId} advertised it", definition.Name, advertised.WorkerId);
            // The first to advertise a type owns it; one stored before types had owners is claimed by the next.
            accepted.Add(new KnownJobType(definition, schema!, first, advertised.At, advertised.WorkerId, before?.Owner ?? advertiser.Owner)
            {
                AdvertisedBy = advertiser.Actor,
            });
        }
        if (accepted.Count == 0 || (allOrNothing && refused.Count > 0))
            return refused;
        // A type named twice in one advertisement: its last definition stands.
        accepted = accepted.GroupBy(t => t.Name, StringComparer.Ordinal).Select(g => g.Last()).ToList();

        await _writes.WaitAsync(cancellationToken);
        try
        {
            var added = accepted.Where(t => !_known.ContainsKey(t.Name)).Select(t => t.Name).ToList();
            var changed = accepted.Any(t => !_known.TryGetValue(t.Name, out var before) || !before.SameAs(t.Definition));
            _known = _known.Values.Where(k => !accepted.Any(a => a.Name == k.Name)).Concat(accepted)
                .ToFrozenDictionary(t => t.Name, StringComparer.Ordinal);
            if (added.Count > 0)
                logger.LogInformation("Job type(s) {JobTypes} advertised by worker {WorkerId}", string.Join(", ", added), advertised.WorkerId);
            if (changed)
                live.Publish(new LiveEvent.JobTypesChanged());
            await StoreAsync(accepted, cancellationToken);
        }
        finally
        {
            _writes.Release();
        }
        return refused;
    }

    /// <returns>null when the definition can be taken, else why not.</returns>
    private static string? Check(JobTypeDefinition? definition, out PayloadSchema? schema)
    {
        schema = null;
        if (definition is null)
            return "The job type is null.";
        if (JobLimits.ValidateTypeName(definition.Name) is { } nameError)
            return nameError;
        if (definition.Description?.Length > JobLimits.MaxDescriptionLength)
            return $"The description is longer than {JobLimits.MaxDescriptionLength} characters.";
        if (JobLimits.ValidateTimeout(definition.DefaultTimeoutSeconds, "defaultTimeoutSeconds") is { } timeoutError)
            return timeoutError;
        if (JobLimits.ValidateMaxAttempts(definition.DefaultMaxAttempts, "defaultMaxAttempts") is { } attemptsError)
            return attemptsError;
        if (definition.Schema.ValueKind != JsonValueKind.Undefined && definition.Schema.GetRawText().Length > JobLimits.MaxSchemaBytes)
            return $"The schema is larger than {JobLimits.MaxSchemaBytes / 1024} KiB.";
        schema = PayloadSchema.TryCreate(definition.Schema, out var schemaError);
        return schemaError;
    }

    /// <summary>Stores each type as advertised: a new one inserted, a known one updated (another instance may insert it at the same moment: then it is updated).</summary>
    private async Task StoreAsync(IReadOnlyList<KnownJobType> types, CancellationToken cancellationToken)
    {
        try
        {
            // Another dashboard may store one of them first: then they are read again and updated.
            await _conflicts.RunAsync($"Storing job type(s) {string.Join(", ", types.Select(t => t.Name))}", async token =>
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
                var names = types.Select(t => t.Name).ToList();
                var stored = await db.JobTypes.Where(t => names.Contains(t.Name)).ToDictionaryAsync(t => t.Name, StringComparer.Ordinal, token);
                var records = new List<(KnownJobType Type, string Action, string Details)>();
                foreach (var type in types)
                {
                    if (stored.TryGetValue(type.Name, out var row))
                    {
                        if (row.LastAdvertisedAt > type.LastAdvertisedAt)
                            continue;
                        if (Changes(row, type) is { } changes)
                            records.Add((type, AuditActions.JobTypeChanged, changes));
                        Fill(row, type);
                        row.Owner ??= type.Owner;
                    }
                    else
                    {
                        var added = new StoredJobType
                        {
                            Name = type.Name,
                            Schema = type.Definition.Schema.GetRawText(),
                            FirstAdvertisedAt = type.FirstAdvertisedAt,
                            LastAdvertisedBy = type.LastAdvertisedBy,
                            Owner = type.Owner,
                        };
                        Fill(added, type);
                        db.JobTypes.Add(added);
                        records.Add((type, AuditActions.JobTypeAdded, $"{Describe(type.Definition)}; owner {type.Owner ?? "none"}"));
                    }
                }
                await db.SaveChangesAsync(token);
                // Recorded where it is stored: every dashboard hears a broker worker's advertisement, one stores the change.
                foreach (var (type, action, details) in records)
                    await audit.RecordAsync(type.AdvertisedBy ?? Advertiser.Worker(type.LastAdvertisedBy).Actor, action, type.Name, details);
            }, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not store job type(s) {JobTypes}; they are known here and stored at the next refresh", string.Join(", ", types.Select(t => t.Name)));
        }
    }

    private static string Describe(JobTypeDefinition definition) =>
        $"timeout {definition.DefaultTimeoutSeconds} s, {definition.DefaultMaxAttempts} attempt(s), schema of {definition.Schema.GetRawText().Length} characters";

    /// <returns>What an advertisement changes of a stored type, in words; null when it changes nothing a user sees.</returns>
    private static string? Changes(StoredJobType row, KnownJobType type)
    {
        var changes = new List<string>();
        if (row.DefaultTimeoutSeconds != type.Definition.DefaultTimeoutSeconds)
            changes.Add($"timeout {row.DefaultTimeoutSeconds} s -> {type.Definition.DefaultTimeoutSeconds} s");
        if (row.DefaultMaxAttempts != type.Definition.DefaultMaxAttempts)
            changes.Add($"attempts {row.DefaultMaxAttempts} -> {type.Definition.DefaultMaxAttempts}");
        if (row.Schema != type.Definition.Schema.GetRawText())
            changes.Add($"schema changed ({row.Schema.Length} -> {type.Definition.Schema.GetRawText().Length} characters)");
        if (row.Description != type.Definition.Description)
            changes.Add("description changed");
        return changes.Count == 0 ? null : string.Join("; ", changes);
    }

    private static void Fill(StoredJobType row, KnownJobType type)
    {
        row.Description = type.Definition.Description;
        row.Schema = type.Definition.Schema.GetRawText();
        row.DefaultTimeoutSeconds = type.Definition.DefaultTimeoutSeconds;
        row.DefaultMaxAttempts = type.Definition.DefaultMaxAttempts;
        row.LastAdvertisedAt = type.LastAdvertisedAt;
        row.LastAdvertisedBy = type.LastAdvertisedBy;
    }

    /// <summary>Reads the stored types; keeps what this instance heard later than the database has it, and stores that.</summary>
    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            List<StoredJobType> rows;
            await using (var scope = scopes.CreateAsyncScope())
                rows = await scope.ServiceProvider.GetRequiredService<JobQueueDbContext>().JobTypes.AsNoTracking().ToListAsync(cancellationToken);

            await _writes.WaitAsync(cancellationToken);
            List<KnownJobType> newerHere;
            try
            {
                var read = new Dictionary<string, KnownJobType>(StringComparer.Ordinal);
                foreach (var row in rows)
                {
                    using var schemaDocument = JsonDocument.Parse(row.Schema);
                    var definition = new JobTypeDefinition(row.Name, row.Description, schemaDocument.RootElement.Clone(), row.DefaultTimeoutSeconds, row.DefaultMaxAttempts);
                    if (Check(definition, out var schema) is { } problem)
                    {
                        logger.LogWarning("Stored job type {JobType} is left out: {Problem}", row.Name, problem);
                        continue;
                    }
                    read[row.Name] = _known.TryGetValue(row.Name, out var here) && here.SameAs(definition) && here.LastAdvertisedAt == row.LastAdvertisedAt
                        ? here with { Owner = row.Owner ?? here.Owner }
                        : new KnownJobType(definition, schema!, row.FirstAdvertisedAt, row.LastAdvertisedAt, row.LastAdvertisedBy, row.Owner);
                }
                newerHere = _known.Values.Where(k => !read.TryGetValue(k.Name, out var stored) || stored.LastAdvertisedAt < k.LastAdvertisedAt).ToList();
                foreach (var type in newerHere)
                    read[type.Name] = type;
                var changed = read.Count != _known.Count || read.Values.Any(t => !_known.TryGetValue(t.Name, out var before) || !before.SameAs(t.Definition));
                _known = read.ToFrozenDictionary(StringComparer.Ordinal);
                if (changed)
                    live.Publish(new LiveEvent.JobTypesChanged());
                if (newerHere.Count > 0)
                    await StoreAsync(newerHere, cancellationToken);
            }
            finally
            {
                _writes.Release();
            }
        }
        finally
        {
            _loaded.TrySetResult();
        }
    }

    public override void Dispose()
    {
        _writes.Dispose();
        base.Dispose();
    }
}
