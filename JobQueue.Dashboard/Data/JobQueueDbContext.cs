using JobQueue.Dashboard.Audit;
using JobQueue.Dashboard.DeadLetters;
using JobQueue.Dashboard.HttpWorkers;
using JobQueue.Dashboard.JobLogs;
using JobQueue.Dashboard.Jobs;
using JobQueue.Dashboard.Jobs.Bulk;
using JobQueue.Dashboard.JobTypes;
using JobQueue.Dashboard.Leases;
using JobQueue.Dashboard.Monitor;
using JobQueue.Dashboard.Queues;
using JobQueue.Dashboard.Recurring;
using JobQueue.Dashboard.WorkerKeys;
using JobQueue.Shared.JobTypes;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace JobQueue.Dashboard.Data;

/// <summary>
/// Jobs, their timeline, the Identity users and roles, and what several dashboard instances share (the data-protection
/// keys, the once-only duties' lease). Each database provider has its own subclass, so each has its own migrations set
/// (Data/Migrations/Sqlite, /SqlServer, /Postgres); code uses this base type.
/// </summary>
public abstract class JobQueueDbContext(DbContextOptions options) : IdentityDbContext<IdentityUser>(options), IDataProtectionKeyContext
{
    /// <summary>The keys that protect cookies and antiforgery tokens, shared by every dashboard instance on this database.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Lease> Leases => Set<Lease>();

    public DbSet<Job> Jobs => Set<Job>();
    public DbSet<JobTimelineEntry> JobTimeline => Set<JobTimelineEntry>();
    public DbSet<JobLogEntry> JobLogs => Set<JobLogEntry>();
    public DbSet<WallKey> WallKeys => Set<WallKey>();
    public DbSet<WorkerKey> WorkerKeys => Set<WorkerKey>();
    public DbSet<JobLease> JobLeases => Set<JobLease>();
    public DbSet<HttpWorker> HttpWorkers => Set<HttpWorker>();
    public DbSet<QueuePause> PausedQueues => Set<QueuePause>();
    public DbSet<DeadLetter> DeadLetters => Set<DeadLetter>();
    public DbSet<QueueDefinition> Queues => Set<QueueDefinition>();
    public DbSet<IdempotencyRecord> IdempotencyKeys => Set<IdempotencyRecord>();
    public DbSet<RecurringJob> RecurringJobs => Set<RecurringJob>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<BulkOperation> BulkOperations => Set<BulkOperation>();
    public DbSet<StoredJobType> JobTypes => Set<StoredJobType>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<Job>(job =>
        {
            job.HasKey(j => j.Id);
            job.Property(j => j.Type).HasMaxLength(64);
            job.Property(j => j.Queue).HasMaxLength(64);
            job.Property(j => j.Status).HasConversion<string>().HasMaxLength(16);
            job.Property(j => j.Priority).HasConversion<string>().HasMaxLength(8);
            job.Property(j => j.UniqueKey).HasMaxLength(JobsOptions.MaxUniqueKeyLength);
            job.Property(j => j.WorkerId).HasMaxLength(200);
            job.Property(j => j.OwnerId).HasMaxLength(450);
            job.Property(j => j.Owner).HasMaxLength(256);
            job.Property(j => j.Version).IsConcurrencyToken();
            job.Ignore(j => j.Snapshot);
            job.Ignore(j => j.History);
            job.HasMany(j => j.Timeline).WithOne().HasForeignKey(t => t.JobId).OnDelete(DeleteBehavior.Cascade);
            job.HasIndex(j => j.CreatedAt);
            job.HasIndex(j => new { j.OwnerId, j.CreatedAt });
            job.HasIndex(j => new { j.Status, j.CreatedAt });
            // A user's list filtered by status, and its count, without reading the rows.
            job.HasIndex(j => new { j.OwnerId, j.Status, j.CreatedAt });
            // The outbox sweeper's question; only queued, unpublished jobs are in it, so it costs nothing once they are published.
            job.HasIndex(j => j.QueuedAt, "IX_Jobs_Unpublished").HasFilter("\"PublishedAt\" IS NULL AND \"Status\" = 'Queued'");
            // The scheduler's question: the scheduled jobs by due time, and only those.
            job.HasIndex(j => j.RunAt, "IX_Jobs_Due").HasFilter("\"Status\" = 'Scheduled'");
            // A unique key is taken while its job is not finished: the database refuses a second one even when two
            // submits race (docs/design.md, "Unique jobs").
            job.HasIndex(j => new { j.OwnerId, j.UniqueKey }, "IX_Jobs_UniqueKey").IsUnique()
                .HasFilter("\"UniqueKey\" IS NOT NULL AND \"Status\" IN ('Scheduled', 'Queued', 'Running', 'Cancelling', 'Retrying')");
            // Retention deletes finished jobs by age.
            job.HasIndex(j => j.FinishedAt);
            // A recurring job's occurrence fires once, whichever dashboard fires it; its runs are listed newest first.
            job.HasIndex(j => new { j.RecurringJobId, j.Occurrence }, "IX_Jobs_RecurringOccurrence").IsUnique().HasFilter("\"Occurrence\" IS NOT NULL");
            job.HasIndex(j => new { j.RecurringJobId, j.CreatedAt });
        });

        builder.Entity<JobTimelineEntry>(entry =>
        {
            entry.HasKey(t => t.Id);
            entry.Property(t => t.Status).HasConversion<string>().HasMaxLength(16);
            entry.Property(t => t.WorkerId).HasMaxLength(200);
            // Notes are cut to JobTimelineEntry.MaxNoteLength in clear; sealed (docs/design.md, "Encryption at rest") they are longer.
            entry.HasIndex(t => new { t.JobId, t.At });
        });

        builder.Entity<JobLogEntry>(line =>
        {
            line.HasKey(l => l.Id);
            line.Property(l => l.Level).HasConversion<string>().HasMaxLength(16);
            // Messages are cut to JobLogLine.MaxMessageLength in clear; sealed they are longer.
            line.Property(l => l.WorkerId).HasMaxLength(200);
            line.HasOne<Job>().WithMany().HasForeignKey(l => l.JobId).OnDelete(DeleteBehavior.Cascade);
            // A job's lines in the order they were stored, and the bound's cut-off.
            line.HasIndex(l => new { l.JobId, l.Id });
        });

        builder.Entity<AuditEntry>(entry =>
        {
            entry.HasKey(e => e.Id);
            entry.Property(e => e.ActorId).HasMaxLength(450);
            entry.Property(e => e.Actor).HasMaxLength(AuditEntry.MaxTextLength);
            entry.Property(e => e.Action).HasMaxLength(64);
            entry.Property(e => e.Target).HasMaxLength(AuditEntry.MaxTextLength);
            entry.Property(e => e.Details).HasMaxLength(AuditEntry.MaxTextLength);
            entry.Property(e => e.Address).HasMaxLength(64);
            entry.Property(e => e.Via).HasMaxLength(16);
            // The audit page, newest first, whole or by action.
            entry.HasIndex(e => e.At);
            entry.HasIndex(e => new { e.Action, e.At });
        });

        builder.Entity<StoredJobType>(type =>
        {
            type.HasKey(t => t.Name);
            type.Property(t => t.Name).HasMaxLength(64);
            type.Property(t => t.Description).HasMaxLength(JobLimits.MaxDescriptionLength);
            type.Property(t => t.LastAdvertisedBy).HasMaxLength(200);
            type.Property(t => t.Owner).HasMaxLength(64);
        });

        builder.Entity<BulkOperation>(operation =>
        {
            operation.HasKey(o => o.Id);
            operation.Property(o => o.Action).HasConversion<string>().HasMaxLength(16);
            operation.Property(o => o.Status).HasConversion<string>().HasMaxLength(16);
            operation.Property(o => o.Filter).HasMaxLength(2000);
            operation.Property(o => o.OwnerId).HasMaxLength(450);
            operation.Property(o => o.Owner).HasMaxLength(256);
            operation.Property(o => o.Error).HasMaxLength(2000);
        });

        builder.Entity<RecurringJob>(recurring =>
        {
            recurring.HasKey(r => r.Id);
            recurring.Property(r => r.Name).HasMaxLength(RecurringJob.MaxNameLength);
            recurring.Property(r => r.Cron).HasMaxLength(RecurringJob.MaxCronLength);
            recurring.Property(r => r.TimeZone).HasMaxLength(64);
            recurring.Property(r => r.Type).HasMaxLength(64);
            recurring.Property(r => r.Queue).HasMaxLength(64);
            recurring.Property(r => r.Priority).HasConversion<string>().HasMaxLength(8);
            recurring.Property(r => r.Overlap).HasConversion<string>().HasMaxLength(8);
            recurring.Property(r => r.Missed).HasConversion<string>().HasMaxLength(8);
            recurring.Property(r => r.OwnerId).HasMaxLength(450);
            recurring.Property(r => r.Owner).HasMaxLength(256);
            recurring.Property(r => r.LastSkipReason).HasMaxLength(500);
            recurring.Property(r => r.Version).IsConcurrencyToken();
            // The scheduler's question: the active ones that are due.
            recurring.HasIndex(r => new { r.Paused, r.NextRunAt });
            recurring.HasIndex(r => new { r.OwnerId, r.Name });
        });

        builder.Entity<WallKey>(key =>
        {
            key.HasKey(k => k.Id);
            key.Property(k => k.Name).HasMaxLength(WallKeyStore.MaxNameLength);
            key.Property(k => k.KeyHash).HasMaxLength(64);
            key.Property(k => k.CreatedBy).HasMaxLength(256);
            key.HasIndex(k => k.KeyHash).IsUnique();
        });

        builder.Entity<WorkerKey>(key =>
        {
            key.HasKey(k => k.Id);
            key.Property(k => k.Name).HasMaxLength(WorkerKeyStore.MaxNameLength);
            key.Property(k => k.KeyHash).HasMaxLength(64);
            key.Property(k => k.CreatedBy).HasMaxLength(256);
            key.Property(k => k.Queues).HasMaxLength(4000);
            key.Property(k => k.Types).HasMaxLength(4000);
            key.Ignore(k => k.QueueList);
            key.Ignore(k => k.TypeList);
            key.HasIndex(k => k.KeyHash).IsUnique();
        });

        builder.Entity<JobLease>(lease =>
        {
            lease.HasKey(l => l.JobId);
            lease.Property(l => l.WorkerId).HasMaxLength(HttpWorkerRules.MaxWorkerIdLength);
            lease.Property(l => l.Queue).HasMaxLength(64);
            lease.Property(l => l.Type).HasMaxLength(64);
            lease.Property(l => l.OwnerId).HasMaxLength(450);
            lease.Property(l => l.Outcome).HasConversion<string>().HasMaxLength(16);
            lease.HasIndex(l => l.ExpiresAt);
            lease.HasIndex(l => new { l.WorkerKeyId, l.WorkerId });
        });

        builder.Entity<HttpWorker>(worker =>
        {
            worker.HasKey(w => w.WorkerId);
            worker.Property(w => w.WorkerId).HasMaxLength(HttpWorkerRules.MaxWorkerIdLength);
            worker.Property(w => w.KeyName).HasMaxLength(WorkerKeyStore.MaxNameLength);
            worker.Property(w => w.Queues).HasMaxLength(4000);
            worker.Property(w => w.Types).HasMaxLength(4000);
        });

        builder.Entity<QueueDefinition>(queue =>
        {
            queue.HasKey(q => q.Name);
            queue.Property(q => q.Name).HasMaxLength(64);
            queue.Property(q => q.CreatedBy).HasMaxLength(256);
        });

        builder.Entity<IdempotencyRecord>(record =>
        {
            record.HasKey(r => new { r.OwnerId, r.Key });
            record.Property(r => r.OwnerId).HasMaxLength(450);
            record.Property(r => r.Key).HasMaxLength(JobsOptions.MaxIdempotencyKeyLength);
            record.Property(r => r.RequestHash).HasMaxLength(64);
            // Expired records are deleted by age.
            record.HasIndex(r => r.CreatedAt);
        });

        builder.Entity<QueuePause>(queue =>
        {
            queue.HasKey(q => q.Name);
            queue.Property(q => q.Name).HasMaxLength(64);
            queue.Property(q => q.PausedBy).HasMaxLength(256);
        });

        builder.Entity<Lease>(lease =>
        {
            lease.HasKey(l => l.Name);
            lease.Property(l => l.Name).HasMaxLength(64);
            lease.Property(l => l.Holder).HasMaxLength(200);
        });

        builder.Entity<DeadLetter>(letter =>
        {
            letter.HasKey(d => d.Id);
            letter.Property(d => d.Type).HasMaxLength(64);
            letter.Property(d => d.Queue).HasMaxLength(255);
            // Reasons are cut to DeadLetterHeaders.MaxReasonLength in clear; sealed they are longer.
            letter.Property(d => d.OwnerId).HasMaxLength(450);
            letter.Property(d => d.WorkerId).HasMaxLength(200);
            letter.HasIndex(d => d.JobId);
        });
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every time is UTC; SQLite hands DateTime back with an unspecified kind, so say so on the way out.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcConverter>();
    }

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
