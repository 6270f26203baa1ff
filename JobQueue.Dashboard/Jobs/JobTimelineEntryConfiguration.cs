using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JobQueue.Dashboard.Jobs;

/// <summary>How an entry of a job's timeline is stored (<see cref="JobTimelineEntry"/>): its table, key, lengths and indexes.</summary>
public sealed class JobTimelineEntryConfiguration : IEntityTypeConfiguration<JobTimelineEntry>
{
    public void Configure(EntityTypeBuilder<JobTimelineEntry> builder)
    {
        builder.ToTable("JobTimeline");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.WorkerId).HasMaxLength(200);
        // Notes are cut to JobTimelineEntry.MaxNoteLength in clear; sealed (docs/design.md, "Encryption at rest") they are longer.
        builder.HasIndex(t => new { t.JobId, t.At });
    }
}
