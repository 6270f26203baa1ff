using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JobQueue.Dashboard.Queues;

/// <summary>How a paused queue is stored (<see cref="QueuePause"/>): its table, key, lengths and indexes.</summary>
public sealed class QueuePauseConfiguration : IEntityTypeConfiguration<QueuePause>
{
    public void Configure(EntityTypeBuilder<QueuePause> builder)
    {
        builder.ToTable("PausedQueues");
        builder.HasKey(q => q.Name);
        builder.Property(q => q.Name).HasMaxLength(64);
        builder.Property(q => q.PausedBy).HasMaxLength(256);
    }
}
