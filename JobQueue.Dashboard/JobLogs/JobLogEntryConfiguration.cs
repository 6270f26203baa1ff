using JobQueue.Dashboard.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JobQueue.Dashboard.JobLogs;

/// <summary>How a job's log line is stored (<see cref="JobLogEntry"/>): its table, key, lengths and indexes.</summary>
public sealed class JobLogEntryConfiguration : IEntityTypeConfiguration<JobLogEntry>
{
    public void Configure(EntityTypeBuilder<JobLogEntry> builder)
    {
        builder.ToTable("JobLogs");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Level).HasConversion<string>().HasMaxLength(16);
        // Messages are cut to JobLogLine.MaxMessageLength in clear; sealed they are longer.
        builder.Property(l => l.WorkerId).HasMaxLength(200);
        builder.HasOne<Job>().WithMany().HasForeignKey(l => l.JobId).OnDelete(DeleteBehavior.Cascade);
        // A job's lines in the order they were stored, and the bound's cut-off.
        builder.HasIndex(l => new { l.JobId, l.Id });
    }
}
