using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JobQueue.Dashboard.Bulk;

/// <summary>How a bulk operation is stored (<see cref="BulkOperation"/>): its table, key, lengths and indexes.</summary>
public sealed class BulkOperationConfiguration : IEntityTypeConfiguration<BulkOperation>
{
    public void Configure(EntityTypeBuilder<BulkOperation> builder)
    {
        builder.ToTable("BulkOperations");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Action).HasConversion<string>().HasMaxLength(16);
        builder.Property(o => o.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(o => o.Filter).HasMaxLength(2000);
        builder.Property(o => o.OwnerId).HasMaxLength(450);
        builder.Property(o => o.Owner).HasMaxLength(256);
        builder.Property(o => o.Error).HasMaxLength(2000);
    }
}
