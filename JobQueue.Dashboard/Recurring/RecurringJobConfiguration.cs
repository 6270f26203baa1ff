using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JobQueue.Dashboard.Recurring;

/// <summary>How a recurring job is stored (<see cref="RecurringJob"/>): its table, key, lengths and indexes.</summary>
public sealed class RecurringJobConfiguration : IEntityTypeConfiguration<RecurringJob>
{
    public void Configure(EntityTypeBuilder<RecurringJob> builder)
    {
        builder.ToTable("RecurringJobs");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Name).HasMaxLength(RecurringJob.MaxNameLength);
        builder.Property(r => r.Cron).HasMaxLength(RecurringJob.MaxCronLength);
        builder.Property(r => r.TimeZone).HasMaxLength(64);
        builder.Property(r => r.Type).HasMaxLength(64);
        builder.Property(r => r.Queue).HasMaxLength(64);
        builder.Property(r => r.Priority).HasConversion<string>().HasMaxLength(8);
        builder.Property(r => r.Overlap).HasConversion<string>().HasMaxLength(8);
        builder.Property(r => r.Missed).HasConversion<string>().HasMaxLength(8);
        builder.Property(r => r.OwnerId).HasMaxLength(450);
        builder.Property(r => r.Owner).HasMaxLength(256);
        builder.Property(r => r.LastSkipReason).HasMaxLength(500);
        builder.Property(r => r.Version).IsConcurrencyToken();
        // The scheduler's question: the active ones that are due.
        builder.HasIndex(r => new { r.Paused, r.NextRunAt });
        builder.HasIndex(r => new { r.OwnerId, r.Name });
    }
}
