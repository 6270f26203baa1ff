using JobQueue.Shared.JobTypes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JobQueue.Dashboard.JobTypes;

/// <summary>How a job type the catalog stores is stored (<see cref="StoredJobType"/>): its table, key, lengths and indexes.</summary>
public sealed class StoredJobTypeConfiguration : IEntityTypeConfiguration<StoredJobType>
{
    public void Configure(EntityTypeBuilder<StoredJobType> builder)
    {
        builder.ToTable("JobTypes");
        builder.HasKey(t => t.Name);
        builder.Property(t => t.Name).HasMaxLength(64);
        builder.Property(t => t.Description).HasMaxLength(JobLimits.MaxDescriptionLength);
        builder.Property(t => t.LastAdvertisedBy).HasMaxLength(200);
        builder.Property(t => t.Owner).HasMaxLength(64);
    }
}
