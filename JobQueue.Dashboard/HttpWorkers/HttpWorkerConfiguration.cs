using JobQueue.Dashboard.WorkerKeys;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JobQueue.Dashboard.HttpWorkers;

/// <summary>How an HTTP worker seen by the dashboard is stored (<see cref="HttpWorker"/>): its table, key, lengths and indexes.</summary>
public sealed class HttpWorkerConfiguration : IEntityTypeConfiguration<HttpWorker>
{
    public void Configure(EntityTypeBuilder<HttpWorker> builder)
    {
        builder.ToTable("HttpWorkers");
        builder.HasKey(w => w.WorkerId);
        builder.Property(w => w.WorkerId).HasMaxLength(HttpWorkerRules.MaxWorkerIdLength);
        builder.Property(w => w.KeyName).HasMaxLength(WorkerKeyStore.MaxNameLength);
        builder.Property(w => w.Queues).HasMaxLength(4000);
        builder.Property(w => w.Types).HasMaxLength(4000);
    }
}
