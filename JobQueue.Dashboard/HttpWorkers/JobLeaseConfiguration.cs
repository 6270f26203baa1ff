using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JobQueue.Dashboard.HttpWorkers;

/// <summary>How a job leased to an HTTP worker is stored (<see cref="JobLease"/>): its table, key, lengths and indexes.</summary>
public sealed class JobLeaseConfiguration : IEntityTypeConfiguration<JobLease>
{
    public void Configure(EntityTypeBuilder<JobLease> builder)
    {
        builder.ToTable("JobLeases");
        builder.HasKey(l => l.JobId);
        builder.Property(l => l.WorkerId).HasMaxLength(HttpWorkerRules.MaxWorkerIdLength);
        builder.Property(l => l.Queue).HasMaxLength(64);
        builder.Property(l => l.Type).HasMaxLength(64);
        builder.Property(l => l.OwnerId).HasMaxLength(450);
        builder.Property(l => l.Outcome).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(l => l.ExpiresAt);
        builder.HasIndex(l => new { l.WorkerKeyId, l.WorkerId });
    }
}
