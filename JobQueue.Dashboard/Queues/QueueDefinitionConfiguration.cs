using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JobQueue.Dashboard.Queues;

/// <summary>How a queue is stored (<see cref="QueueDefinition"/>): its table, key, lengths and indexes.</summary>
public sealed class QueueDefinitionConfiguration : IEntityTypeConfiguration<QueueDefinition>
{
    public void Configure(EntityTypeBuilder<QueueDefinition> builder)
    {
        builder.ToTable("Queues");
        builder.HasKey(q => q.Name);
        builder.Property(q => q.Name).HasMaxLength(64);
        builder.Property(q => q.CreatedBy).HasMaxLength(256);
    }
}
