using JobQueue.Dashboard.Audit;
using JobQueue.Dashboard.Broker;
using JobQueue.Dashboard.Data;
using JobQueue.Dashboard.Encryption;
using JobQueue.Dashboard.Identity;
using JobQueue.Dashboard.Jobs.Store;
using JobQueue.Dashboard.JobTypes;
using JobQueue.Dashboard.Telemetry;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.JobTypes;
using JobQueue.Shared.Messaging;
using JobQueue.Shared.Resilience;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;

namespace JobQueue.Dashboard.Jobs;

/// <summary>Submitting and cancelling jobs, with the ownership rule: users act on their own jobs, admins on all (reading them: <see cref="JobReader"/>).</summary>
public sealed class JobService(JobQueueDbContext db, IJobStore store, BrokerGateway broker, IQueueDirectory queues, IJobTypeCatalog types,
    SubmitRateLimiter rateLimiter, TimeProvider time,
    ResiliencePipelineProvider<string> pipelines, IOptions<JobsOptions> options, DashboardTelemetry telemetry, JobDataProtector data,
    AuditLog audit, ILogger<JobService> logger)
{
    /// <summary>The most jobs one batch submit takes.</summary>
    public const int MaxBatchJobs = 1000;

    private readonly ResiliencePipeline _publishTimeout = pipelines.GetPipeline(Pipelines.BrokerPublish);

    /// <summary>
    /// The rules of one job: its type (one the workers advertised) and its payload (by the type's schema: each violation
    /// keyed by its JSON path, <c>payload.seconds</c>), its queue (which must exist), its attempts, timeout, timing,
    /// priority and unique key.
    /// </summary>
    public IDictionary<string, string[]>? Validate(SubmitJobRequest request)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Type))
            errors["type"] = [$"The job type is required; {types.KnownTypesText}."];
        else if (!types.TryGet(request.Type, out var type))
            errors["type"] = [$"Unknown job type '{request.Type}'; {types.KnownTypesText}."];
        else
            foreach (var byPath in type.Schema.Validate(request.Payload).GroupBy(e => e.Key("payload")))
                errors[byPath.Key] = byPath.Select(e => e.Message).ToArray();
        if (queues.ValidateForSubmit(request.Queue ?? Topology.DefaultQueue) is { } queueError)
            errors["queue"] = [queueError];
        if (JobLimits.ValidateMaxAttempts(request.MaxAttempts) is { } attemptsError)
            errors["maxAttempts"] = [attemptsError];
        if (JobLimits.ValidateTimeout(request.TimeoutSeconds) is { } timeoutError)
            errors["timeoutSeconds"] = [timeoutError];
        if (SubmitRules.ValidateTiming(request, now, out _) is { } timingError)
            errors[request.DelaySeconds is not null && request.RunAt is null ? "delaySeconds" : "runAt"] = [timingError];
        if (SubmitRules.ValidatePriority(request.Priority, out _) is { } priorityError)
            errors["priority"] = [priorityError];
        if (SubmitRules.ValidateUniqueKey(request.UniqueKey) is { } uniqueKeyError)
            errors["uniqueKey"] = [uniqueKeyError];
        return errors.Count == 0 ? null : errors;
    }


    /// <summary>Submits one job; see <see cref="SubmitManyAsync"/>.</summary>
    public Task<SubmitOutcome> SubmitAsync(SubmitJobRequest request, JobViewer owner, CancellationToken cancellationToken,
        IdempotentSubmit? idempotency = null) =>
        SubmitCoreAsync([request], owner, (_, field) => field, idempotency, cancellationToken);

    /// <summary>
    /// Submits up to <see cref="MaxBatchJobs"/> jobs all or none: one invalid job refuses the batch, with each error
    /// keyed <c>jobs[i].field</c>. Stored in one transaction and published in one burst of confirms, a batch costs the
    /// database and the broker about what one job does.
    /// </summary>
    public Task<SubmitOutcome> SubmitManyAsync(IReadOnlyList<SubmitJobRequest> requests, JobViewer owner, CancellationToken cancellationToken,
        IdempotentSubmit? idempotency = null)
    {
        if (requests.Count is 0 or > MaxBatchJobs)
            return Task.FromResult<SubmitOutcome>(new SubmitOutcome.Invalid(new Dictionary<string, string[]>
            {
                ["jobs"] = [$"A batch holds 1 to {MaxBatchJobs} jobs, not {requests.Count}."],
            }));
        return SubmitCoreAsync(requests, owner, (index, field) => $"jobs[{index}].{field}", idempotency, cancellationToken);
    }

    /// <summary>
    /// Stores the jobs as Queued, then publishes them and waits for the broker's confirms. A job whose publish fails
    /// stays stored with no PublishedAt and the outbox sweeper publishes it later: a stored job is never lost.
    /// Jobs the database cannot store are not taken at all (<see cref="SubmitOutcome.Unavailable"/>): published
    /// without a row, they would run where nobody could see, cancel or retry them. With an Idempotency-Key, the answer
    /// is stored in the same transaction as the jobs, and the same key from the same user gets it again afterwards.
    /// </summary>
    private async Task<SubmitOutcome> SubmitCoreAsync(IReadOnlyList<SubmitJobRequest> requests, JobViewer owner,
        Func<int, string, string> errorKey, IdempotentSubmit? idempotency, CancellationToken cancellationToken)
    {
        if (idempotency is not null)
        {
            try
            {
                if (await FindEarlierAsync(owner, idempotency, cancellationToken) is { } earlier)
                    return earlier;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Could not look up Idempotency-Key {Key}; the submit was not taken", idempotency.Key);
                return new SubmitOutcome.Unavailable(ex.Message);
            }
        }
        // Before anything is checked: a refused submit costs the server its check, so it counts toward the rate too.
        if (rateLimiter.TryAcquire(owner.UserId, requests.Count) is { } retryAfter)
            return new SubmitOutcome.RateLimited(retryAfter);
        await queues.LearnUnknownAsync(requests.Select(r => r?.Queue ?? Topology.DefaultQueue), cancellationToken);
        await types.LearnUnknownAsync(requests.Select(r => r?.Type), cancellationToken);
        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < requests.Count; i++)
        {
            if (requests[i] is null)
                errors[errorKey(i, "type")] = ["The job is null; each job is an object with a type and a payload."];
            else if (Validate(requests[i]) is { } jobErrors)
            {
                foreach (var (field, messages) in jobErrors)
                    errors[errorKey(i, field)] = messages;
            }
        }
        var keys = requests.Select((r, i) => (r?.UniqueKey, Index: i)).Where(k => k.UniqueKey is not null).GroupBy(k => k.UniqueKey!, StringComparer.Ordinal);
        foreach (var repeated in keys.Where(g => g.Count() > 1))
        {
            foreach (var (_, index) in repeated.Skip(1))
                errors[errorKey(index, "uniqueKey")] = [$"jobs[{repeated.First().Index}] of this batch has the unique key '{repeated.Key}' already."];
        }
        if (errors.Count > 0)
            return new SubmitOutcome.Invalid(errors);
        try
        {
            if (await FindUniqueConflictAsync(owner, requests, cancellationToken) is { } conflict)
                return conflict;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Could not look up the unique keys of a submit; it was not taken");
            return new SubmitOutcome.Unavailable(ex.Message);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var jobs = requests.Select(request =>
        {
            SubmitRules.ValidateTiming(request, now, out var runAt);
            SubmitRules.ValidatePriority(request.Priority, out var priority);
            // A job's attempts and timeout are settled when it is submitted: its own, else its type's defaults now.
            var type = types.TryGet(request.Type!, out var known) ? known.Definition : null;
            return Job.Submit(Guid.CreateVersion7(), request.Type!, request.Queue ?? Topology.DefaultQueue,
                SubmitRules.NormalizedJson(request.Payload), owner.UserId, owner.Name, now,
                request.MaxAttempts ?? type?.DefaultMaxAttempts ?? JobLimits.DefaultMaxAttempts,
                request.TimeoutSeconds ?? type?.DefaultTimeoutSeconds, runAt, priority, request.UniqueKey);
        }).ToList();
        var record = idempotency is null ? null : new IdempotencyRecord
        {
            OwnerId = owner.UserId,
            Key = idempotency.Key,
            RequestHash = idempotency.RequestHash,
            StatusCode = StatusCodes.Status201Created,
            Response = data.Seal(owner.UserId, idempotency.Answer(jobs)),
            CreatedAt = now,
        };
        try
        {
            // Stored sealed; the jobs in hand stay clear for their messages and the answer.
            await store.InsertAsync(jobs.Select(j => j.Sealed(data)).ToList(), record, cancellationToken);
            telemetry.Submitted(jobs.Select(j => (j.Type, j.Queue)));
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The same key came twice at once and the other one was stored first: this one answers as that one did.
            if (idempotency is not null && await EarlierOrNullAsync(owner, idempotency, cancellationToken) is { } raced)
                return raced;
            // A job with one of these unique keys was stored meanwhile (the database's unique index refused this one).
            if (jobs.Any(j => j.UniqueKey is not null) && await UniqueConflictOrNullAsync(owner, requests, cancellationToken) is { } taken)
                return taken;
            logger.LogError(ex, "Could not store {Count} submitted job(s); they were not taken", jobs.Count);
            return new SubmitOutcome.Unavailable(ex.InnerException?.Message ?? ex.Message);
        }

        var scheduled = jobs.Where(j => j.Status == JobStatus.Scheduled).ToList();
        if (scheduled.Count > 0)
            await TryPublishAsync(scheduled[0].Id, "scheduled notice", timeout => broker.PublishNoticesAsync(Notices(scheduled, JobEventKind.Scheduled), timeout), cancellationToken);
        await PublishQueuedAsync(jobs.Where(j => j.Status == JobStatus.Queued).ToList(), cancellationToken);
        return new SubmitOutcome.Accepted(jobs);
    }

    /// <summary>
    /// Sends jobs just stored as Queued to their queues: their notices first (a worker can only report a job started
    /// after it received it, so live views always see Queued before Running), then each job message with its confirm,
    /// then the confirmed ones are marked published. A job whose publish was not confirmed is left to the outbox sweeper.
    /// </summary>
    public async Task PublishQueuedAsync(List<Job> jobs, CancellationToken cancellationToken)
    {
        if (jobs.Count == 0)
            return;
        var published = new HashSet<Guid>(jobs.Count);
        await TryPublishAsync(jobs[0].Id, jobs.Count == 1 ? "job" : $"batch of {jobs.Count} jobs", async timeout =>
        {
            await broker.PublishNoticesAsync(Notices(jobs, JobEventKind.Queued), timeout);
            await Task.WhenAll(jobs.Select(async job =>
            {
                await broker.PublishJobAsync(job.ToMessage(data), timeout);
                lock (published)
                    published.Add(job.Id);
            }));
        }, cancellationToken);
        if (published.Count > 0)
        {
            var publishedAt = time.GetUtcNow().UtcDateTime;
            foreach (var job in jobs.Where(j => published.Contains(j.Id)))
                job.PublishedAt = publishedAt;
            try
            {
                await store.MarkPublishedAsync(published, publishedAt, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // Stored and in their queues, so taken: unmarked, the outbox sweeper publishes them once more, as after a
                // lost confirm (at least once; the reducer ignores the events of a second run of a finished job).
                logger.LogError(ex, "{Count} published job(s) could not be marked published; the outbox sweeper will publish them again", published.Count);
            }
        }
        if (published.Count < jobs.Count)
            logger.LogWarning("{Count} job(s) are stored but not yet published; the outbox sweeper will publish them", jobs.Count - published.Count);
    }

    /// <summary>The most scheduled jobs one pass of the scheduler releases.</summary>
    public const int ReleaseBatch = 500;

    /// <summary>
    /// Releases the scheduled jobs that are due (never one before its time): each becomes Queued in the database
    /// first, then is published as a submit is. Stored before it is published, a job is released once: a second
    /// scheduler would find it no longer Scheduled (the version check refuses its write), and a release whose publish
    /// was lost is published by the outbox sweeper.
    /// </summary>
    /// <returns>How many jobs it released.</returns>
    public async Task<int> ReleaseDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var due = await db.Jobs.Where(j => j.Status == JobStatus.Scheduled && j.RunAt <= now)
            .OrderBy(j => j.RunAt).Take(ReleaseBatch).ToListAsync(cancellationToken);
        if (due.Count == 0)
            return 0;
        var released = due.Where(job => job.Release(now)).ToList();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // A cancel changed one of them meanwhile: the next pass reads them again.
            db.ChangeTracker.Clear();
            return 0;
        }
        await PublishQueuedAsync(released, cancellationToken);
        return released.Count;
    }

    /// <summary>When the next scheduled job is due, or null when none is scheduled.</summary>
    public Task<DateTime?> NextDueAsync(CancellationToken cancellationToken) =>
        db.Jobs.Where(j => j.Status == JobStatus.Scheduled).OrderBy(j => j.RunAt).Select(j => j.RunAt).FirstOrDefaultAsync(cancellationToken);

    /// <returns>A refusal naming the owner's unfinished job that holds one of the requests' unique keys, or null when none does.</returns>
    private async Task<SubmitOutcome?> FindUniqueConflictAsync(JobViewer owner, IReadOnlyList<SubmitJobRequest> requests, CancellationToken cancellationToken)
    {
        var keys = requests.Where(r => r.UniqueKey is not null).Select(r => r.UniqueKey!).Distinct().ToList();
        if (keys.Count == 0)
            return null;
        var holder = await db.Jobs.AsNoTracking()
            .Where(j => j.OwnerId == owner.UserId && j.UniqueKey != null && keys.Contains(j.UniqueKey) && !JobTransitions.TerminalStatuses.Contains(j.Status))
            .Select(j => new { j.Id, j.UniqueKey, j.Status }).FirstOrDefaultAsync(cancellationToken);
        return holder is null ? null : new SubmitOutcome.UniqueKeyTaken(holder.UniqueKey!, holder.Id, holder.Status);
    }

    private async Task<SubmitOutcome?> UniqueConflictOrNullAsync(JobViewer owner, IReadOnlyList<SubmitJobRequest> requests, CancellationToken cancellationToken)
    {
        try
        {
            return await FindUniqueConflictAsync(owner, requests, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not read the unique keys again after a refused insert");
            return null;
        }
    }


    /// <returns>The earlier answer to this key, a refusal if the key came with another request, or null when it is new.</returns>
    private async Task<SubmitOutcome?> FindEarlierAsync(JobViewer owner, IdempotentSubmit idempotency, CancellationToken cancellationToken)
    {
        var record = await db.IdempotencyKeys.AsNoTracking()
            .FirstOrDefaultAsync(r => r.OwnerId == owner.UserId && r.Key == idempotency.Key, cancellationToken);
        if (record is null)
            return null;
        if (record.CreatedAt < time.GetUtcNow().UtcDateTime - options.Value.IdempotencyKeyLifetime)
        {
            // Expired and not yet swept: the key is free again.
            await db.IdempotencyKeys.Where(r => r.OwnerId == owner.UserId && r.Key == idempotency.Key).ExecuteDeleteAsync(cancellationToken);
            return null;
        }
        return record.RequestHash == idempotency.RequestHash
            ? new SubmitOutcome.Replayed(record.StatusCode, data.Open(record.OwnerId, record.Response))
            : new SubmitOutcome.KeyReused();
    }

    private async Task<SubmitOutcome?> EarlierOrNullAsync(JobViewer owner, IdempotentSubmit idempotency, CancellationToken cancellationToken)
    {
        try
        {
            return await FindEarlierAsync(owner, idempotency, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not read Idempotency-Key {Key} again after a conflict", idempotency.Key);
            return null;
        }
    }

    /// <summary>Deletes the answers kept for Idempotency-Keys longer than <see cref="JobsOptions.IdempotencyKeyLifetime"/>.</summary>
    /// <returns>How many were deleted.</returns>
    public Task<int> ForgetExpiredIdempotencyKeysAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow().UtcDateTime - options.Value.IdempotencyKeyLifetime;
        return db.IdempotencyKeys.Where(r => r.CreatedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Cancels a job the viewer may see; an admin's cancel of another user's job goes to the audit trail.</summary>
    public async Task<(CancelOutcome Outcome, Job? Job)> CancelAsync(Guid id, JobViewer viewer, Actor by, CancellationToken cancellationToken)
    {
        // The recorder may move the job between the read and the write: then it is read again and decided again.
        var (job, change) = await pipelines.GetPipeline(Pipelines.StoreConflict).RunAsync(db, $"Cancelling job {id}", async token =>
        {
            var job = await Visible(viewer).FirstOrDefaultAsync(j => j.Id == id, token);
            if (job?.RequestCancel(time.GetUtcNow().UtcDateTime) is not { } change)
                return (job, (JobEventKind?)null);
            await db.SaveChangesAsync(token);
            return (job, change);
        }, cancellationToken);
        if (job is null)
            return (CancelOutcome.NotFound, null);
        if (change is null)
            return (CancelOutcome.AlreadyFinished, job.Opened(data));

        // Every worker hears the cancel: the one running the job stops it; the others remember the id
        // and skip the job if it is delivered to them later.
        await TryPublishAsync(job.Id, "cancel", async timeout =>
        {
            await broker.PublishCancelAsync(job.Id, timeout);
            await broker.PublishNoticesAsync(Notices([job], change.Value), timeout);
        }, cancellationToken);
        var outcome = change == JobEventKind.Cancelled ? CancelOutcome.Cancelled : CancelOutcome.Cancelling;
        if (job.OwnerId != viewer.UserId)
            await audit.RecordAsync(by, AuditActions.JobCancelled, job.Id.ToString(), $"owner {job.Owner}; {job.Type} on {job.Queue}; {outcome}");
        return (outcome, job.Opened(data));
    }

    /// <summary>
    /// Publishes within the publish timeout (<see cref="Pipelines.BrokerPublish"/>), so a request never hangs on an
    /// unreachable broker. The state is already stored: a job the broker did not confirm is published by the outbox
    /// sweeper, and a worker that starts or goes on running a job whose cancel it missed gets the cancel again from
    /// the recorder.
    /// </summary>
    private async Task<bool> TryPublishAsync(Guid jobId, string what, Func<CancellationToken, Task> publish, CancellationToken cancellationToken)
    {
        try
        {
            await _publishTimeout.RunAsync($"Publishing the {what} of job {jobId}", publish, cancellationToken);
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not publish the {What} of job {JobId}; the outbox sweeper or the recorder sends it later", what, jobId);
            return false;
        }
    }

    private List<JobEvent> Notices(IEnumerable<Job> jobs, JobEventKind kind)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return jobs.Select(job => job.ToNotice(kind, now)).ToList();
    }

    private IQueryable<Job> Visible(JobViewer viewer) => JobReader.VisibleTo(db.Jobs, viewer);
}
