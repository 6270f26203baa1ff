using Cronos;
using JobQueue.Dashboard.Api;
using JobQueue.Dashboard.Audit;
using JobQueue.Dashboard.Broker;
using JobQueue.Dashboard.Data;
using JobQueue.Dashboard.Encryption;
using JobQueue.Dashboard.Identity;
using JobQueue.Dashboard.Jobs;
using JobQueue.Dashboard.JobTypes;
using JobQueue.Dashboard.Live;
using JobQueue.Dashboard.Queues;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.JobTypes;
using JobQueue.Shared.Messaging;
using JobQueue.Shared.Resilience;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;

namespace JobQueue.Dashboard.Recurring;

/// <summary>
/// Recurring jobs: creating, editing, pausing, resuming, running now and deleting them, with the ownership rule of jobs
/// (users manage their own, admins all), and firing the due ones (<see cref="FireDueAsync"/>, the scheduler's part).
/// </summary>
public sealed class RecurringService(JobQueueDbContext db, JobService jobs, QueueCatalog queues, IJobTypeCatalog types, BrokerGateway broker, LiveEvents live, TimeProvider time,
    IOptions<JobsOptions> options, JobDataProtector data, AuditLog audit, ResiliencePipelineProvider<string> pipelines, ILogger<RecurringService> logger)
{
    private readonly ResiliencePipeline _conflicts = pipelines.GetPipeline(Pipelines.StoreConflict);

    public const int HistoryLength = 20;
    public const int UpcomingCount = 5;


    public async Task<IReadOnlyList<RecurringJobDto>> ListAsync(JobViewer viewer, CancellationToken cancellationToken)
    {
        var items = await Visible(viewer).AsNoTracking().OrderBy(r => r.Name).ThenBy(r => r.Id).ToListAsync(cancellationToken);
        var lastIds = items.Where(r => r.LastJobId is not null).Select(r => r.LastJobId!.Value).ToList();
        var statuses = await db.Jobs.AsNoTracking().Where(j => lastIds.Contains(j.Id)).Select(j => new { j.Id, j.Status })
            .ToDictionaryAsync(j => j.Id, j => j.Status, cancellationToken);
        return items.Select(r => Dto(r, r.LastJobId is { } id && statuses.TryGetValue(id, out var status) ? status : null)).ToList();
    }

    public async Task<RecurringJobDto?> FindAsync(Guid id, JobViewer viewer, CancellationToken cancellationToken)
    {
        if (await Visible(viewer).AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken) is not { } recurring)
            return null;
        var runs = await db.Jobs.AsNoTracking().Where(j => j.RecurringJobId == id).OrderByDescending(j => j.CreatedAt).Take(HistoryLength)
            .Select(j => new RecurringRunDto(j.Id, j.Occurrence, j.CreatedAt, j.Status, j.FinishedAt)).ToListAsync(cancellationToken);
        var last = runs.FirstOrDefault(r => r.JobId == recurring.LastJobId);
        return Dto(recurring, last?.Status) with { History = runs };
    }

    public async Task<RecurringOutcome> CreateAsync(RecurringJobRequest request, JobViewer owner, CancellationToken cancellationToken)
    {
        if (Validate(request, owner, out var cron, out var zone, out var overlap, out var missed) is { } errors)
            return new RecurringOutcome.Invalid(errors);
        var limit = options.Value.MaxRecurringJobsPerUser;
        if (!owner.IsAdmin && await db.RecurringJobs.CountAsync(r => r.OwnerId == owner.UserId, cancellationToken) >= limit)
            return new RecurringOutcome.Invalid(new Dictionary<string, string[]>
            {
                ["name"] = [$"You have {limit} recurring jobs, the most one user may have (Jobs:MaxRecurringJobsPerUser); delete one first."],
            });
        var now = time.GetUtcNow().UtcDateTime;
        var recurring = new RecurringJob
        {
            Id = Guid.CreateVersion7(),
            Name = request.Name!.Trim(),
            Cron = request.Cron!.Trim(),
            TimeZone = zone.Id,
            Type = request.Job!.Type!,
            Payload = data.Seal(owner.UserId, SubmitRules.NormalizedJson(request.Job.Payload)),
            Queue = request.Job.Queue ?? Topology.DefaultQueue,
            OwnerId = owner.UserId,
            Owner = owner.Name,
            CreatedAt = now,
        };
        Apply(recurring, request, cron!, zone, overlap, missed, now);
        db.RecurringJobs.Add(recurring);
        await db.SaveChangesAsync(cancellationToken);
        await AnnounceAsync(recurring, cancellationToken);
        logger.LogInformation("{Owner} created recurring job {Name} ({Cron}, {TimeZone})", owner.Name, recurring.Name, recurring.Cron, recurring.TimeZone);
        return new RecurringOutcome.Done(Dto(recurring, null));
    }

    public async Task<RecurringOutcome> UpdateAsync(Guid id, RecurringJobRequest request, JobViewer viewer, Actor by, CancellationToken cancellationToken)
    {
        if (Validate(request, viewer, out var cron, out var zone, out var overlap, out var missed) is { } errors)
            return new RecurringOutcome.Invalid(errors);
        return await ChangeAsync(id, viewer, by, AuditActions.RecurringUpdated, (recurring, now) =>
        {
            recurring.Name = request.Name!.Trim();
            recurring.Cron = request.Cron!.Trim();
            recurring.TimeZone = zone.Id;
            recurring.Type = request.Job!.Type!;
            recurring.Payload = data.Seal(recurring.OwnerId, SubmitRules.NormalizedJson(request.Job.Payload));
            recurring.Queue = request.Job.Queue ?? Topology.DefaultQueue;
            Apply(recurring, request, cron!, zone, overlap, missed, now);
        }, cancellationToken);
    }

    /// <summary>A paused recurring job fires nothing; its occurrences while paused are not missed, just not there.</summary>
    public Task<RecurringOutcome> PauseAsync(Guid id, JobViewer viewer, Actor by, CancellationToken cancellationToken) =>
        ChangeAsync(id, viewer, by, AuditActions.RecurringPaused, (recurring, _) =>
        {
            recurring.Paused = true;
            recurring.NextRunAt = null;
        }, cancellationToken);

    /// <summary>Resumed, it fires from its next occurrence after now.</summary>
    public Task<RecurringOutcome> ResumeAsync(Guid id, JobViewer viewer, Actor by, CancellationToken cancellationToken) =>
        ChangeAsync(id, viewer, by, AuditActions.RecurringResumed, (recurring, now) =>
        {
            recurring.Paused = false;
            recurring.NextRunAt = NextAfter(recurring, now);
        }, cancellationToken);

    /// <summary>Submits one run now, outside the schedule (the schedule goes on as it was).</summary>
    public async Task<RecurringOutcome> RunNowAsync(Guid id, JobViewer viewer, Actor by, CancellationToken cancellationToken)
    {
        if (await Visible(viewer).FirstOrDefaultAsync(r => r.Id == id, cancellationToken) is not { } recurring)
            return new RecurringOutcome.NotFound();
        var now = time.GetUtcNow().UtcDateTime;
        var job = Run(recurring, now, occurrence: null);
        recurring.LastRunAt = now;
        recurring.LastJobId = job.Id;
        recurring.Version++;
        db.Jobs.Add(job);
        await db.SaveChangesAsync(cancellationToken);
        await jobs.PublishQueuedAsync([job], cancellationToken);
        await AnnounceAsync(recurring, cancellationToken);
        await AuditOthersAsync(recurring, viewer, by, AuditActions.RecurringRunNow, $"job {job.Id}");
        return new RecurringOutcome.Ran(job.Opened(data));
    }

    public async Task<RecurringOutcome> DeleteAsync(Guid id, JobViewer viewer, Actor by, CancellationToken cancellationToken)
    {
        if (await Visible(viewer).FirstOrDefaultAsync(r => r.Id == id, cancellationToken) is not { } recurring)
            return new RecurringOutcome.NotFound();
        db.RecurringJobs.Remove(recurring);
        await db.SaveChangesAsync(cancellationToken);
        await AnnounceAsync(recurring, cancellationToken);
        logger.LogInformation("{By} deleted recurring job {Name}", viewer.Name, recurring.Name);
        await AuditOthersAsync(recurring, viewer, by, AuditActions.RecurringDeleted, null);
        return new RecurringOutcome.Deleted();
    }

    /// <summary>
    /// Fires every due occurrence of every active recurring job (<see cref="RecurringPlan.Due"/>): the runs are stored
    /// with their occurrence in the same transaction that moves the recurring job on, so an occurrence fires once
    /// (the database also refuses a second run of one occurrence), and are published as any submit is. A once-only duty.
    /// </summary>
    /// <returns>How many runs it submitted.</returns>
    public async Task<int> FireDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var due = await db.RecurringJobs.Where(r => !r.Paused && r.NextRunAt <= now).OrderBy(r => r.NextRunAt).Take(100).ToListAsync(cancellationToken);
        var fired = 0;
        foreach (var recurring in due)
        {
            var runs = await PlanAsync(recurring, now, cancellationToken);
            try
            {
                db.Jobs.AddRange(runs);
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException ex)
            {
                // Edited, paused or deleted meanwhile, or (with two schedulers) fired already: the next pass reads it again.
                logger.LogDebug(ex, "Recurring job {Id} changed while it fired; the next pass reads it again", recurring.Id);
                db.ChangeTracker.Clear();
                break;
            }
            fired += runs.Count;
            await jobs.PublishQueuedAsync(runs, cancellationToken);
            await AnnounceAsync(recurring, cancellationToken);
        }
        return fired;
    }

    /// <summary>Moves the recurring job past now and makes the runs its due occurrences ask for (overlap and missed policies applied).</summary>
    private async Task<List<Job>> PlanAsync(RecurringJob recurring, DateTime now, CancellationToken cancellationToken)
    {
        var runs = new List<Job>();
        if (RecurringPlan.TryParse(recurring.Cron, out var cron) is not null || RecurringPlan.TryFindZone(recurring.TimeZone, out var zone) is not null)
        {
            // Stored before this machine knew better (a time zone gone from it): it waits, said once per pass.
            logger.LogWarning("Recurring job {Id} has a schedule this dashboard cannot read ({Cron}, {TimeZone}); it is paused", recurring.Id, recurring.Cron, recurring.TimeZone);
            recurring.Paused = true;
            recurring.NextRunAt = null;
            recurring.Version++;
            return runs;
        }
        var plan = RecurringPlan.Due(cron!, zone, recurring.NextRunAt!.Value, now, options.Value.RecurringCatchUp, recurring.Missed);
        if (plan.Missed > 0)
            Skip(recurring, plan.Missed, now, $"{plan.Missed} occurrence(s) missed while no dashboard could run them");
        if (plan.Fire.Count > 0 && !queues.Exists(recurring.Queue))
        {
            // Its queue was deleted: a run would wait for a queue nobody consumes. The schedule goes on, counting them.
            Skip(recurring, plan.Fire.Count, now, $"its queue '{recurring.Queue}' does not exist any more; edit it to send its runs to another queue");
            recurring.NextRunAt = plan.Next;
            recurring.Version++;
            return runs;
        }
        var previousRunning = recurring.Overlap == OverlapPolicy.Skip && recurring.LastJobId is { } lastId
            && await db.Jobs.AnyAsync(j => j.Id == lastId && !JobTransitions.TerminalStatuses.Contains(j.Status), cancellationToken);
        foreach (var occurrence in plan.Fire)
        {
            if (previousRunning)
            {
                Skip(recurring, 1, now, $"the run of {occurrence:yyyy-MM-dd HH:mm:ss} UTC was skipped: the previous run (job {recurring.LastJobId}) had not finished");
                continue;
            }
            var job = Run(recurring, now, occurrence);
            runs.Add(job);
            recurring.LastRunAt = now;
            recurring.LastJobId = job.Id;
            // Within one pass, later occurrences overlap this run when the policy forbids it.
            previousRunning = recurring.Overlap == OverlapPolicy.Skip;
        }
        recurring.NextRunAt = plan.Next;
        recurring.Version++;
        return runs;
    }

    private static void Skip(RecurringJob recurring, int count, DateTime now, string reason)
    {
        recurring.SkippedCount += count;
        recurring.LastSkippedAt = now;
        recurring.LastSkipReason = reason.Length <= 500 ? reason : reason[..500];
    }

    /// <summary>A run of the template; its payload stays sealed, for the same owner.</summary>
    private static Job Run(RecurringJob recurring, DateTime now, DateTime? occurrence) =>
        Job.Submit(Guid.CreateVersion7(), recurring.Type, recurring.Queue, recurring.Payload, recurring.OwnerId, recurring.Owner, now,
            recurring.MaxAttempts, recurring.TimeoutSeconds, priority: recurring.Priority, recurringJobId: recurring.Id, occurrence: occurrence);

    private async Task<RecurringOutcome> ChangeAsync(Guid id, JobViewer viewer, Actor by, string auditAction, Action<RecurringJob, DateTime> change,
        CancellationToken cancellationToken)
    {
        // The scheduler may fire it between the read and the write: then it is read again and changed again.
        var recurring = await _conflicts.RunAsync(db, $"Changing recurring job {id}", async token =>
        {
            if (await Visible(viewer).FirstOrDefaultAsync(r => r.Id == id, token) is not { } recurring)
                return null;
            var now = time.GetUtcNow().UtcDateTime;
            change(recurring, now);
            recurring.UpdatedAt = now;
            recurring.Version++;
            await db.SaveChangesAsync(token);
            return recurring;
        }, cancellationToken);
        if (recurring is null)
            return new RecurringOutcome.NotFound();
        await AnnounceAsync(recurring, cancellationToken);
        await AuditOthersAsync(recurring, viewer, by, auditAction, null);
        return new RecurringOutcome.Done(await FindAsync(id, viewer, cancellationToken) ?? Dto(recurring, null));
    }

    /// <summary>An admin's action on another user's recurring job goes to the audit trail (a user's on their own does not).</summary>
    private Task AuditOthersAsync(RecurringJob recurring, JobViewer viewer, Actor by, string action, string? details) =>
        recurring.OwnerId == viewer.UserId
            ? Task.CompletedTask
            : audit.RecordAsync(by, action, $"{recurring.Name} ({recurring.Id})", $"owner {recurring.Owner}{(details is null ? "" : "; " + details)}");

    private void Apply(RecurringJob recurring, RecurringJobRequest request, CronExpression cron, TimeZoneInfo zone,
        OverlapPolicy overlap, MissedPolicy missed, DateTime now)
    {
        SubmitRules.ValidatePriority(request.Job!.Priority, out var priority);
        recurring.Priority = priority;
        recurring.MaxAttempts = request.Job.MaxAttempts
            ?? (types.TryGet(request.Job.Type ?? "", out var type) ? type.Definition.DefaultMaxAttempts : JobLimits.DefaultMaxAttempts);
        recurring.TimeoutSeconds = request.Job.TimeoutSeconds;
        recurring.Overlap = overlap;
        recurring.Missed = missed;
        recurring.UpdatedAt = now;
        // A new schedule starts from now; a paused job stays paused.
        recurring.NextRunAt = recurring.Paused ? null : RecurringPlan.Next(cron, zone, now);
    }

    private static DateTime? NextAfter(RecurringJob recurring, DateTime now) =>
        RecurringPlan.TryParse(recurring.Cron, out var cron) is null && RecurringPlan.TryFindZone(recurring.TimeZone, out var zone) is null
            ? RecurringPlan.Next(cron!, zone, now)
            : null;

    /// <param name="viewer">Who creates or edits it: a user's runs must be <see cref="JobsOptions.MinRecurringInterval"/> apart, an admin's not.</param>
    private Dictionary<string, string[]>? Validate(RecurringJobRequest request, JobViewer viewer, out CronExpression? cron, out TimeZoneInfo zone,
        out OverlapPolicy overlap, out MissedPolicy missed)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name))
            errors["name"] = ["name is required: what the recurring job is called on its page."];
        else if (request.Name.Trim().Length > RecurringJob.MaxNameLength)
            errors["name"] = [$"name is at most {RecurringJob.MaxNameLength} characters."];
        if (RecurringPlan.TryParse(request.Cron?.Trim(), out cron) is { } cronError)
            errors["cron"] = [cronError];
        if (RecurringPlan.TryFindZone(request.TimeZone, out zone) is { } zoneError)
            errors["timeZone"] = [zoneError];
        else if (cron is not null && !viewer.IsAdmin && options.Value.MinRecurringInterval is var least
                 && RecurringPlan.ShortestInterval(cron, zone, time.GetUtcNow().UtcDateTime) is { } shortest && shortest < least)
            errors["cron"] = [string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"'{request.Cron!.Trim()}' runs as little as {shortest.TotalSeconds:0.###} s apart; a user's recurring job runs at most once every {least.TotalSeconds:0.###} s (Jobs:MinRecurringInterval). An admin may create a shorter one.")];
        overlap = OverlapPolicy.Skip;
        if (request.Overlap is { } overlapText && !EnumNames.TryParse(overlapText, out overlap))
            errors["overlap"] = [$"overlap is skip or allow; '{overlapText}' is not one."];
        missed = MissedPolicy.RunOnce;
        if (request.Missed is { } missedText && !EnumNames.TryParse(missedText, out missed))
            errors["missed"] = [$"missed is runOnce or skip; '{missedText}' is not one."];
        if (request.Job is not { } template)
            errors["job"] = ["job is required: {\"type\", \"payload\", \"queue\"?, \"priority\"?, \"maxAttempts\"?, \"timeoutSeconds\"?}."];
        else if (jobs.Validate(new SubmitJobRequest(template.Type, template.Payload, template.Queue, template.MaxAttempts, template.TimeoutSeconds,
                     Priority: template.Priority)) is { } jobErrors)
        {
            foreach (var (field, messages) in jobErrors)
                errors[$"job.{field}"] = messages;
        }
        return errors.Count == 0 ? null : errors;
    }

    private RecurringJobDto Dto(RecurringJob r, JobStatus? lastStatus)
    {
        var next = !r.Paused && RecurringPlan.TryParse(r.Cron, out var cron) is null && RecurringPlan.TryFindZone(r.TimeZone, out var zone) is null
            ? RecurringPlan.Upcoming(cron!, zone, r.NextRunAt is { } at ? at.AddTicks(-1) : time.GetUtcNow().UtcDateTime, UpcomingCount)
            : [];
        return new RecurringJobDto(r.Id, r.Name, r.Cron, r.TimeZone,
            new RecurringJobTemplateDto(r.Type, data.OpenJson(r.OwnerId, r.Payload), r.Queue, SubmitRules.Name(r.Priority), r.MaxAttempts, r.TimeoutSeconds),
            Name(r.Overlap), Name(r.Missed), r.Owner, r.Paused, r.CreatedAt, r.UpdatedAt, r.NextRunAt, next, r.LastRunAt, r.LastJobId, lastStatus,
            r.SkippedCount, r.LastSkippedAt, r.LastSkipReason);
    }

    /// <summary>A policy as the API writes it: <c>skip</c>, <c>allow</c>, <c>runOnce</c>.</summary>
    public static string Name<T>(T value) where T : struct, Enum
    {
        var text = value.ToString();
        return char.ToLowerInvariant(text[0]) + text[1..];
    }

    private async Task AnnounceAsync(RecurringJob recurring, CancellationToken cancellationToken)
    {
        var change = new RecurringJobsChanged(recurring.Id, recurring.OwnerId, time.GetUtcNow().UtcDateTime);
        try
        {
            await broker.PublishRecurringChangedAsync(change, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // This instance's pages still hear of it; the others read it at their next load.
            logger.LogWarning(ex, "Could not announce the change to recurring job {Id}", recurring.Id);
            live.Publish(new LiveEvent.RecurringStored(change));
        }
    }

    private IQueryable<RecurringJob> Visible(JobViewer viewer) =>
        viewer.IsAdmin ? db.RecurringJobs : db.RecurringJobs.Where(r => r.OwnerId == viewer.UserId);
}
