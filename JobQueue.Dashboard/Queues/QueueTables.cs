using JobQueue.Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace JobQueue.Dashboard.Queues;

/// <summary>This folder's tables on the dashboard's database context: the context knows no feature, each feature its tables.</summary>
public static class QueueTables
{
    extension(JobQueueDbContext db)
    {
        public DbSet<QueuePause> PausedQueues => db.Set<QueuePause>();
        public DbSet<QueueDefinition> Queues => db.Set<QueueDefinition>();
    }
}
