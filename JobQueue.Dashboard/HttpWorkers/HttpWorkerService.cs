using System.Text.Json;
using JobQueue.Dashboard.Broker;
using JobQueue.Dashboard.Data;
using JobQueue.Dashboard.Encryption;
using JobQueue.Dashboard.Jobs;
using JobQueue.Dashboard.Queues;
using JobQueue.Dashboard.WorkerKeys;
using JobQueue.Dashboard.Workers;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.Messaging;
using JobQueue.Shared.State;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace JobQueue.Dashboard.HttpWorkers;

/// <summary>
/// Jobs for workers that speak HTTP instead of AMQP. A fetch takes the next job message of the queue from RabbitMQ,
/// stores a lease for it (<see cref="JobLease"/>) and only then acks the message; the worker's progress and its ack go
/// out as the events a .NET worker would publish (<c>job.started</c>, <c>job.progress</c>, <c>job.succeeded</c>, ...) on
/// <c>jobqueue.events</c>, so the recorder, the live views and the hub treat the job as any other. Failures follow the
/// job's retry rules (<see cref="OutcomePolicy"/>). Every state lives in the database, so any dashboard serves any call.
/// </summary>
public sealed class HttpWorkerService(
    IServiceScopeFactory scopes,
    BrokerGateway broker,
    ConfirmingPublisher publisher,
    RetryPublisher retries,
    DeadLetterPublisher deadLetters,
    QueueCatalog queues,
    QueueControl control,
    WorkerRegistry registry,
    HttpWorkerHeartbeats heartbeats,
    IOptions<HttpWorkerOptions> options,
    TimeProvider time,
    JobDataProtector data,
    ILogger<HttpWorkerService> logger)
{
    /// <summary>The most job messages one fetch looks at (skipping other job types) before it answers that there is none.</summary>
    private const int LookLimit = 100;

    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(250);

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    public static Dictionary<string, string[]>? Validate(FetchRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (HttpWorkerRules.ValidateWorkerId(request.WorkerId) is { } workerIdError)
            errors["workerId"] = [workerIdError];
        if (request.TimeToRecoverSeconds is < HttpWorkerRules.MinTimeToRecoverSeconds or > HttpWorkerRules.MaxTimeToRecoverSeconds)
            errors["timeToRecoverSeconds"] = [$"timeToRecoverSeconds must be between {HttpWorkerRules.MinTimeToRecoverSeconds} and {HttpWorkerRules.MaxTimeToRecoverSeconds}."];
        if (request.WaitSeconds is < 0 or > HttpWorkerRules.MaxWaitSeconds)
            errors["waitSeconds"] = [$"waitSeconds must be between 0 and {HttpWorkerRules.MaxWaitSeconds}."];
        if (request.Types?.Any(t => string.IsNullOrWhiteSpace(t) || t.Length > 64) == true)
            errors["types"] = ["Each job type must be 1 to 64 characters."];
        return errors.Count == 0 ? null : errors;
    }

    /// <returns>The job leased to the worker (the same one again until it acks), null when there is none, or why not.</returns>
    public Task<(FetchedJob? Job, HttpWorkerProblem? Problem)> FetchAsync(string queue, FetchRequest request, WorkerKeyDto key,
        CancellationToken cancellationToken) =>
        OrUnavailableAsync("hand out a job", () => FetchCoreAsync(queue, request, key, cancellationToken), cancellationToken);

    /// <returns>What the ack made of the job, or why it was refused.</returns>
    public Task<(AckedJob? Acked, HttpWorkerProblem? Problem)> AckAsync(Guid jobId, AckRequest request, WorkerKeyDto key,
        CancellationToken cancellationToken) =>
        OrUnavailableAsync("take the ack", () => AckCoreAsync(jobId, request, key, cancellationToken), cancellationToken);

    /// <returns>The renewed lease, or why the call was refused (a cancelled job answers 409 "cancelled").</returns>
    public Task<(LeaseRenewed? Renewed, HttpWorkerProblem? Problem)> ProgressAsync(Guid jobId, ProgressRequest request, WorkerKeyDto key,
        CancellationToken cancellationToken) =>
        OrUnavailableAsync("take the progress", () => ProgressCoreAsync(jobId, request, key, cancellationToken), cancellationToken);

    /// <summary>A dependency that fails answers 503 (logged), never 500: what was committed stays, the rest is tried again by the caller.</summary>
    private async Task<(T?, HttpWorkerProblem?)> OrUnavailableAsync<T>(string what, Func<Task<(T?, HttpWorkerProblem?)>> call,
        CancellationToken cancellationToken) where T : class
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not {What} for an HTTP worker", what);
            return (null, HttpWorkerProblem.Unavailable(what));
        }
    }

    private async Task<(FetchedJob?, HttpWorkerProblem?)> FetchCoreAsync(string queue, FetchRequest request, WorkerKeyDto key,
        CancellationToken cancellationToken)
    {
        if (!key.MayFetch(queue))
            return (null, new(StatusCodes.Status403Forbidden, "Queue not allowed", $"Worker key '{key.Name}' may not fetch from queue '{queue}'."));
        if (!queues.Exists(queue))
            return (null, new(StatusCodes.Status404NotFound, "Queue not found", $"There is no queue '{queue}'."));
        var types = request.Types is { Count: > 0 } asked ? asked.Where(key.MayTake).ToList() : key.Types;
        if (request.Types is { Count: > 0 } && types.Count == 0)
            return (null, new(StatusCodes.Status403Forbidden, "Job types not allowed", $"Worker key '{key.Name}' may take none of the job types asked for."));
        var workerId = request.WorkerId!;
        if (await RegisterAsync(workerId, queue, request.Types, key, cancellationToken) is { } taken)
            return (null, taken);

        if (await HeldAsync(workerId, queue, key, cancellationToken) is { } held)
            return (held, null);

        var timeToRecover = TimeSpan.FromSeconds(request.TimeToRecoverSeconds ?? HttpWorkerRules.DefaultTimeToRecoverSeconds);
        var deadline = Now + TimeSpan.FromSeconds(request.WaitSeconds ?? 0);
        while (true)
        {
            JobLease? leased = null;
            try
            {
                // A paused queue hands out nothing, as the workers on the broker stop consuming it: the fetch waits as for an empty one.
                if (!control.IsPaused(queue))
                {
                    await broker.TakeJobAsync(queue, async (body, _) =>
                    {
                        var (verdict, lease) = await DecideAsync(body, queue, types, workerId, key, timeToRecover, cancellationToken);
                        leased = lease;
                        return verdict;
                    }, LookLimit, cancellationToken);
                }
            }
            catch (Exception ex) when (leased is not null && !cancellationToken.IsCancellationRequested)
            {
                // The lease is stored; only the message's ack failed. Its copy comes back and is dropped as leased.
                logger.LogWarning(ex, "Could not ack the message of job {JobId} after leasing it", leased.JobId);
            }
            if (leased is not null)
            {
                var message = MessageOf(leased);
                try
                {
                    await PublishAsync(Event(message, JobEventKind.Started, workerId, leased.LeasedAt), null, cancellationToken);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    // The job shows Running with its first progress or its outcome instead; the lease holds either way.
                    logger.LogWarning(ex, "Could not announce that job {JobId} started", leased.JobId);
                }
                await heartbeats.PublishAsync(workerId, cancellationToken);
                return (Fetched(message, leased), null);
            }
            if (Now + PollEvery > deadline)
            {
                await heartbeats.PublishAsync(workerId, cancellationToken);
                return (null, null);
            }
            await Task.Delay(PollEvery, time, cancellationToken);
        }
    }

    /// <summary>What becomes of one job message this fetch looks at; a taken one has its lease stored before the message is acked.</summary>
    private async Task<(FetchVerdict, JobLease?)> DecideAsync(ReadOnlyMemory<byte> body, string queue, IReadOnlyList<string> types, string workerId,
        WorkerKeyDto key, TimeSpan timeToRecover, CancellationToken cancellationToken)
    {
        JobMessage job;
        try
        {
            job = MessageEnvelope.Deserialize<JobMessage>(body);
            if (job.Problem() is { } problem)
                throw new JsonException(problem);
        }
        catch (JsonException ex)
        {
            await deadLetters.PublishUnreadableAsync(body, $"The job message cannot be run: {ex.Message}", workerId, cancellationToken);
            return (FetchVerdict.Drop, null);
        }
        if ((types.Count > 0 && !types.Contains(job.Type, StringComparer.Ordinal)) || !key.MayTake(job.Type))
            return (FetchVerdict.Skip, null);

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
        var status = await db.Jobs.AsNoTracking().Where(j => j.Id == job.JobId).Select(j => (JobStatus?)j.Status).FirstOrDefaultAsync(cancellationToken);
        if (status is null or JobStatus.Succeeded or JobStatus.Failed or JobStatus.Cancelled)
            return (FetchVerdict.Drop, null);
        if (status == JobStatus.Cancelling)
        {
            await PublishAsync(Event(job, JobEventKind.Cancelled, workerId, null), null, cancellationToken);
            return (FetchVerdict.Drop, null);
        }
        var now = Now;
        var existing = await db.JobLeases.FirstOrDefaultAsync(l => l.JobId == job.JobId, cancellationToken);
        if (existing is not null)
        {
            // A copy of an attempt someone holds or held (its message came back after a dashboard died before acking
            // it, or a settle published the next attempt twice): drop it.
            if (existing.Attempt >= job.Attempt || (existing.SettledAt is null && existing.ExpiresAt > now))
                return (FetchVerdict.Drop, null);
            // An earlier attempt's lease: expired, or settled and not yet deleted (its settle publishes the next attempt,
            // this one, before it deletes the lease). This attempt takes its place; the settle deletes only its own.
            await db.JobLeases.Where(l => l.JobId == job.JobId && l.Attempt == existing.Attempt).ExecuteDeleteAsync(cancellationToken);
            db.Entry(existing).State = EntityState.Detached;
        }
        var lease = new JobLease
        {
            JobId = job.JobId,
            Attempt = job.Attempt,
            WorkerKeyId = key.Id,
            WorkerId = workerId,
            Queue = queue,
            Type = job.Type,
            OwnerId = job.OwnerId,
            Message = data.Seal(job.OwnerId, System.Text.Encoding.UTF8.GetString(body.Span)),
            LeasedAt = now,
            ExpiresAt = now + timeToRecover,
            TimeToRecoverSeconds = (int)timeToRecover.TotalSeconds,
        };
        db.JobLeases.Add(lease);
        await db.SaveChangesAsync(cancellationToken);
        return (FetchVerdict.Take, lease);
    }

    /// <returns>The job this worker holds on this queue and has not acked, if its lease is still valid.</returns>
    private async Task<FetchedJob?> HeldAsync(string workerId, string queue, WorkerKeyDto key, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
        var now = Now;
        var held = await db.JobLeases.AsNoTracking()
            .Where(l => l.WorkerKeyId == key.Id && l.WorkerId == workerId && l.Queue == queue && l.SettledAt == null && l.ExpiresAt > now)
            .OrderBy(l => l.LeasedAt).FirstOrDefaultAsync(cancellationToken);
        return held is null ? null : Fetched(MessageOf(held), held);
    }

    /// <summary>
    /// A worker id is its first registrant's (a key, or a worker on the broker) until it goes stale: unused for
    /// <see cref="HttpWorkerOptions.WorkerIdKeptFor"/> and holding no lease. A key has at most
    /// <see cref="HttpWorkerOptions.MaxWorkerIdsPerKey"/> in use.
    /// </summary>
    /// <returns>null, or a conflict when the id is another's or the key has all the ids it may.</returns>
    private async Task<HttpWorkerProblem?> RegisterAsync(string workerId, string queue, IReadOnlyList<string>? types, WorkerKeyDto key,
        CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
        var now = Now;
        var keptSince = now - options.Value.WorkerIdKeptFor;
        var worker = await db.HttpWorkers.FindAsync([workerId], cancellationToken);
        if (worker is null || worker.WorkerKeyId != key.Id)
        {
            if (registry.Find(workerId) is { IsOnline: true } online && online.Last.Transport != HttpWorkerHeartbeats.Transport)
                return new(StatusCodes.Status409Conflict, "Worker id in use",
                    $"Worker id '{workerId}' is a worker's on the broker; give this worker an id of its own.");
            if (worker is not null && (worker.LastFetchAt >= keptSince
                    || await db.JobLeases.AnyAsync(l => l.WorkerId == workerId && l.SettledAt == null, cancellationToken)))
                return new(StatusCodes.Status409Conflict, "Worker id in use",
                    $"Worker id '{workerId}' is used with another worker key; give this worker an id of its own.");
            var inUse = await db.HttpWorkers.CountAsync(w => w.WorkerKeyId == key.Id && w.LastFetchAt >= keptSince, cancellationToken);
            if (inUse >= options.Value.MaxWorkerIdsPerKey)
                return new(StatusCodes.Status409Conflict, "Too many worker ids",
                    $"Worker key '{key.Name}' has {inUse} worker ids in use, the most one key may (HttpWorkers:MaxWorkerIdsPerKey); reuse one, or wait until one is unused for {options.Value.WorkerIdKeptFor.TotalMinutes:0} minutes.");
            if (worker is null)
            {
                db.HttpWorkers.Add(worker = new HttpWorker { WorkerId = workerId, WorkerKeyId = key.Id, KeyName = key.Name, FirstSeenAt = now });
            }
            else
            {
                // A stale id another key used: it is this key's now.
                worker.WorkerKeyId = key.Id;
                worker.KeyName = key.Name;
                worker.FirstSeenAt = now;
                worker.Queues = "";
                worker.Processed = 0;
                worker.Failed = 0;
            }
        }
        worker.LastFetchAt = now;
        worker.Queues = WorkerKey.Join([.. worker.Queues.Split(',', StringSplitOptions.RemoveEmptyEntries), queue]);
        worker.Types = WorkerKey.Join(types);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (!cancellationToken.IsCancellationRequested)
        {
            // Its first two fetches at once: the other one stored the row.
        }
        return null;
    }

    public static Dictionary<string, string[]>? Validate(string? workerId) =>
        HttpWorkerRules.ValidateWorkerId(workerId) is { } error ? new() { ["workerId"] = [error] } : null;

    private async Task<(AckedJob?, HttpWorkerProblem?)> AckCoreAsync(Guid jobId, AckRequest request, WorkerKeyDto key,
        CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
        var (lease, problem) = await HeldLeaseAsync(db, jobId, request.WorkerId!, key, cancellationToken);
        if (lease is null)
            return (null, problem);
        var job = MessageOf(lease);
        var outcome = request.Error is { } error
            ? new HandlerOutcome(JobEventKind.Failed, Error: error, Retriable: true)
            : new HandlerOutcome(JobEventKind.Succeeded, Result: Text(request.Result));
        var settlement = OutcomePolicy.Decide(outcome, job.Attempt, job.MaxAttempts,
            attempt => OutcomePolicy.RetryDelay(options.Value.RetryBaseDelay, options.Value.RetryMaxDelay, attempt));
        Record(lease, settlement);
        await db.SaveChangesAsync(cancellationToken);
        try
        {
            await SettleAsync(db, lease, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The outcome is recorded on the lease: the sweeper publishes it shortly. The ack stands.
            logger.LogWarning(ex, "Could not publish the outcome of job {JobId} yet; the lease sweeper will", jobId);
        }
        return (new AckedJob(jobId, lease.Outcome!.Value, lease.RetryAt), null);
    }

    private async Task<(LeaseRenewed?, HttpWorkerProblem?)> ProgressCoreAsync(Guid jobId, ProgressRequest request, WorkerKeyDto key,
        CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
        var (lease, problem) = await HeldLeaseAsync(db, jobId, request.WorkerId!, key, cancellationToken);
        if (lease is null)
            return (null, problem);
        var job = MessageOf(lease);
        var now = Now;
        lease.ExpiresAt = now + TimeSpan.FromSeconds(lease.TimeToRecoverSeconds);
        var lines = (request.Lines ?? []).Select(text => new JobLogLine(job.JobId, job.Attempt, job.OwnerId, ++lease.Lines, now,
            LogLevel.Information, JobLogLine.Cut(text ?? ""), lease.WorkerId)).ToList();
        await db.SaveChangesAsync(cancellationToken);
        var progress = request.Progress is { } percent
            ? Event(job, JobEventKind.Progress, lease.WorkerId, lease.LeasedAt) with { Progress = percent }
            : null;
        if (progress is not null || lines.Count > 0)
            await publisher.PublishJobEventsAsync(Topology.WorkerEventsPrefix, progress is null ? [] : [progress], persistent: true, cancellationToken, lines);
        return (new LeaseRenewed(jobId, lease.ExpiresAt), null);
    }

    public static Dictionary<string, string[]>? Validate(ProgressRequest request)
    {
        var errors = Validate(request.WorkerId) ?? [];
        if (request.Progress is < 0 or > 100 || request.Progress is { } p && !double.IsFinite(p))
            errors["progress"] = ["progress must be a percentage, 0 to 100."];
        if (request.Lines is { Count: > HttpWorkerRules.MaxLinesPerCall })
            errors["lines"] = [$"At most {HttpWorkerRules.MaxLinesPerCall} lines a call."];
        return errors.Count == 0 ? null : errors;
    }

    /// <summary>
    /// The lease of a job this worker holds and may still act on. A job cancelled meanwhile answers "cancelled": its
    /// lease is settled as Cancelled (the <c>job.cancelled</c> a worker would publish goes out).
    /// </summary>
    private async Task<(JobLease?, HttpWorkerProblem?)> HeldLeaseAsync(JobQueueDbContext db, Guid jobId, string workerId, WorkerKeyDto key,
        CancellationToken cancellationToken)
    {
        var lease = await db.JobLeases.FirstOrDefaultAsync(l => l.JobId == jobId, cancellationToken);
        if (lease is null || lease.WorkerKeyId != key.Id || lease.WorkerId != workerId || lease.SettledAt is not null || lease.ExpiresAt <= Now)
            return (null, HttpWorkerProblem.NotLeased(jobId));
        var status = await db.Jobs.AsNoTracking().Where(j => j.Id == jobId).Select(j => (JobStatus?)j.Status).FirstOrDefaultAsync(cancellationToken);
        if (status is JobStatus.Cancelling or JobStatus.Cancelled)
        {
            lease.SettledAt = Now;
            lease.Outcome = JobEventKind.Cancelled;
            await db.SaveChangesAsync(cancellationToken);
            await SettleAsync(db, lease, cancellationToken);
            return (null, HttpWorkerProblem.Cancelled(jobId));
        }
        return (lease, null);
    }

    /// <summary>Records on the lease what the job came to, before any of it is published.</summary>
    public void Record(JobLease lease, Settlement settlement)
    {
        lease.SettledAt = Now;
        switch (settlement)
        {
            case Settlement.Retry retry:
                lease.Outcome = JobEventKind.Retrying;
                lease.Error = data.Seal(lease.OwnerId, retry.Error);
                lease.RetryAt = Now + retry.Delay;
                break;
            case Settlement.Finish finish:
                lease.Outcome = finish.Kind;
                lease.Result = data.Seal(lease.OwnerId, finish.Result);
                lease.Error = data.Seal(lease.OwnerId, finish.Error);
                break;
        }
    }

    /// <summary>
    /// Publishes what a settled lease recorded (the outcome event; for a retry the next attempt; for a failure the dead
    /// letter), then deletes the lease and counts it for its worker. Run again after a crash, it publishes the same
    /// again, which the state machine makes harmless.
    /// </summary>
    public async Task SettleAsync(JobQueueDbContext db, JobLease lease, CancellationToken cancellationToken)
    {
        var job = MessageOf(lease);
        var kind = lease.Outcome ?? throw new InvalidOperationException("The lease is not settled.");
        var error = data.Open(lease.OwnerId, lease.Error);
        var ended = Event(job, kind, lease.WorkerId, kind == JobEventKind.Cancelled ? null : lease.LeasedAt) with
        {
            Result = data.Open(lease.OwnerId, lease.Result),
            Error = error,
            RetryAt = lease.RetryAt,
        };
        await PublishAsync(ended, null, cancellationToken);
        if (kind == JobEventKind.Retrying)
        {
            var next = job with { Attempt = job.Attempt + 1 };
            var delay = lease.RetryAt is { } due && due > Now ? due - Now : TimeSpan.Zero;
            if (delay < TimeSpan.FromMilliseconds(100))
                await broker.PublishJobAsync(next, cancellationToken);
            else
                await retries.PublishAsync(next, delay, cancellationToken);
        }
        else if (kind == JobEventKind.Failed)
        {
            await deadLetters.PublishFailedAsync(job, error ?? "failed", lease.WorkerId, cancellationToken);
        }

        // Only this attempt's lease: a fetch of the next attempt may have replaced it already.
        await db.JobLeases.Where(l => l.JobId == lease.JobId && l.Attempt == lease.Attempt).ExecuteDeleteAsync(cancellationToken);
        var worker = await db.HttpWorkers.FindAsync([lease.WorkerId], cancellationToken);
        if (worker is not null && kind != JobEventKind.Cancelled)
        {
            worker.Processed++;
            if (kind is JobEventKind.Failed or JobEventKind.Retrying)
                worker.Failed++;
        }
        await db.SaveChangesAsync(cancellationToken);
        logger.LogDebug("Job {JobId} of HTTP worker {WorkerId} settled as {Outcome}", lease.JobId, lease.WorkerId, kind);
        await heartbeats.PublishAsync(lease.WorkerId, cancellationToken);
    }

    /// <summary>The job's message the lease keeps, opened.</summary>
    public JobMessage MessageOf(JobLease lease) =>
        MessageEnvelope.Deserialize<JobMessage>(System.Text.Encoding.UTF8.GetBytes(data.Open(lease.OwnerId, lease.Message)));

    private Task PublishAsync(JobEvent jobEvent, IReadOnlyList<JobLogLine>? lines, CancellationToken cancellationToken) =>
        publisher.PublishJobEventsAsync(Topology.WorkerEventsPrefix, [jobEvent], persistent: true, cancellationToken, lines);

    private JobEvent Event(JobMessage job, JobEventKind kind, string workerId, DateTime? startedAt) =>
        new(job.JobId, kind, job.Attempt, job.OwnerId, Now, workerId, job.Type, job.Queue, SubmittedAt: job.SubmittedAt, StartedAt: startedAt);

    private static FetchedJob Fetched(JobMessage job, JobLease lease) =>
        new(job.JobId, job.Type, job.Queue, job.Payload, job.Attempt, job.MaxAttempts, job.TimeoutSeconds, lease.ExpiresAt);

    private static string Text(JsonElement? result) => result switch
    {
        null => "",
        { ValueKind: JsonValueKind.String } text => text.GetString() ?? "",
        { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => "",
        { } json => json.GetRawText(),
    };
}
