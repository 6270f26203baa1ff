using JobQueue.Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace JobQueue.Dashboard.Jobs;

/// <summary>This folder's tables on the dashboard's database context: the context knows no feature, each feature its tables.</summary>
public static class JobTables
{
    extension(JobQueueDbContext db)
    {
        public DbSet<Job> Jobs => db.Set<Job>();
        public DbSet<JobTimelineEntry> JobTimeline => db.Set<JobTimelineEntry>();
        public DbSet<IdempotencyRecord> IdempotencyKeys => db.Set<IdempotencyRecord>();
    }
}
