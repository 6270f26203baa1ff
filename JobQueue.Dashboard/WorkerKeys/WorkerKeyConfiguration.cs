using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JobQueue.Dashboard.WorkerKeys;

/// <summary>How an HTTP worker's key is stored (<see cref="WorkerKey"/>): its table, key, lengths and indexes.</summary>
public sealed class WorkerKeyConfiguration : IEntityTypeConfiguration<WorkerKey>
{
    public void Configure(EntityTypeBuilder<WorkerKey> builder)
    {
        builder.ToTable("WorkerKeys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Name).HasMaxLength(WorkerKeyStore.MaxNameLength);
        builder.Property(k => k.KeyHash).HasMaxLength(64);
        builder.Property(k => k.CreatedBy).HasMaxLength(256);
        builder.Property(k => k.Queues).HasMaxLength(4000);
        builder.Property(k => k.Types).HasMaxLength(4000);
        builder.Ignore(k => k.QueueList);
        builder.Ignore(k => k.TypeList);
        builder.HasIndex(k => k.KeyHash).IsUnique();
    }
}
