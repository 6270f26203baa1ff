using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JobQueue.Dashboard.DeadLetters;

/// <summary>How a dead letter is stored (<see cref="DeadLetter"/>): its table, key, lengths and indexes.</summary>
public sealed class DeadLetterConfiguration : IEntityTypeConfiguration<DeadLetter>
{
    public void Configure(EntityTypeBuilder<DeadLetter> builder)
    {
        builder.ToTable("DeadLetters");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Type).HasMaxLength(64);
        builder.Property(d => d.Queue).HasMaxLength(255);
        // Reasons are cut to DeadLetterHeaders.MaxReasonLength in clear; sealed they are longer.
        builder.Property(d => d.OwnerId).HasMaxLength(450);
        builder.Property(d => d.WorkerId).HasMaxLength(200);
        builder.HasIndex(d => d.JobId);
    }
}
