using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JobQueue.Dashboard.Jobs;

/// <summary>How a job is stored (<see cref="Job"/>): its table, key, lengths and indexes.</summary>
public sealed class JobConfiguration : IEntityTypeConfiguration<Job>
{
    public void Configure(EntityTypeBuilder<Job> builder)
    {
        builder.ToTable("Jobs");
        builder.HasKey(j => j.Id);
        builder.Property(j => j.Type).HasMaxLength(64);
        builder.Property(j => j.Queue).HasMaxLength(64);
        builder.Property(j => j.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(j => j.Priority).HasConversion<string>().HasMaxLength(8);
        builder.Property(j => j.UniqueKey).HasMaxLength(JobsOptions.MaxUniqueKeyLength);
        builder.Property(j => j.WorkerId).HasMaxLength(200);
        builder.Property(j => j.OwnerId).HasMaxLength(450);
        builder.Property(j => j.Owner).HasMaxLength(256);
        builder.Property(j => j.Version).IsConcurrencyToken();
        builder.Ignore(j => j.Snapshot);
        builder.Ignore(j => j.History);
        builder.HasMany(j => j.Timeline).WithOne().HasForeignKey(t => t.JobId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(j => j.CreatedAt);
        builder.HasIndex(j => new { j.OwnerId, j.CreatedAt });
        builder.HasIndex(j => new { j.Status, j.CreatedAt });
        // A user's list filtered by status, and its count, without reading the rows.
        builder.HasIndex(j => new { j.OwnerId, j.Status, j.CreatedAt });
        // The outbox sweeper's question; only queued, unpublished jobs are in it, so it costs nothing once they are published.
        builder.HasIndex(j => j.QueuedAt, "IX_Jobs_Unpublished").HasFilter("\"PublishedAt\" IS NULL AND \"Status\" = 'Queued'");
        // The scheduler's question: the scheduled jobs by due time, and only those.
        builder.HasIndex(j => j.RunAt, "IX_Jobs_Due").HasFilter("\"Status\" = 'Scheduled'");
        // A unique key is taken while its job is not finished: the database refuses a second one even when two
        // submits race (docs/design.md, "Unique jobs").
        builder.HasIndex(j => new { j.OwnerId, j.UniqueKey }, "IX_Jobs_UniqueKey").IsUnique()
            .HasFilter("\"UniqueKey\" IS NOT NULL AND \"Status\" IN ('Scheduled', 'Queued', 'Running', 'Cancelling', 'Retrying')");
        // Retention deletes finished jobs by age.
        builder.HasIndex(j => j.FinishedAt);
        // A recurring job's occurrence fires once, whichever dashboard fires it; its runs are listed newest first.
        builder.HasIndex(j => new { j.RecurringJobId, j.Occurrence }, "IX_Jobs_RecurringOccurrence").IsUnique().HasFilter("\"Occurrence\" IS NOT NULL");
        builder.HasIndex(j => new { j.RecurringJobId, j.CreatedAt });
    }
}
