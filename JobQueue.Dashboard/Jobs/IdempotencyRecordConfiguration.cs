using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JobQueue.Dashboard.Jobs;

/// <summary>How a submit's idempotency key is stored (<see cref="IdempotencyRecord"/>): its table, key, lengths and indexes.</summary>
public sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.ToTable("IdempotencyKeys");
        builder.HasKey(r => new { r.OwnerId, r.Key });
        builder.Property(r => r.OwnerId).HasMaxLength(450);
        builder.Property(r => r.Key).HasMaxLength(JobsOptions.MaxIdempotencyKeyLength);
        builder.Property(r => r.RequestHash).HasMaxLength(64);
        // Expired records are deleted by age.
        builder.HasIndex(r => r.CreatedAt);
    }
}
