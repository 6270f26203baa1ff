using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JobQueue.Dashboard.Monitor;

/// <summary>How a wall display's key is stored (<see cref="WallKey"/>): its table, key, lengths and indexes.</summary>
public sealed class WallKeyConfiguration : IEntityTypeConfiguration<WallKey>
{
    public void Configure(EntityTypeBuilder<WallKey> builder)
    {
        builder.ToTable("WallKeys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Name).HasMaxLength(WallKeyStore.MaxNameLength);
        builder.Property(k => k.KeyHash).HasMaxLength(64);
        builder.Property(k => k.CreatedBy).HasMaxLength(256);
        builder.HasIndex(k => k.KeyHash).IsUnique();
    }
}
