using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JobQueue.Dashboard.Audit;

/// <summary>How an audit entry is stored (<see cref="AuditEntry"/>): its table, key, lengths and indexes.</summary>
public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditEntries");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.ActorId).HasMaxLength(450);
        builder.Property(e => e.Actor).HasMaxLength(AuditEntry.MaxTextLength);
        builder.Property(e => e.Action).HasMaxLength(64);
        builder.Property(e => e.Target).HasMaxLength(AuditEntry.MaxTextLength);
        builder.Property(e => e.Details).HasMaxLength(AuditEntry.MaxTextLength);
        builder.Property(e => e.Address).HasMaxLength(64);
        builder.Property(e => e.Via).HasMaxLength(16);
        // The audit page, newest first, whole or by action.
        builder.HasIndex(e => e.At);
        builder.HasIndex(e => new { e.Action, e.At });
    }
}
