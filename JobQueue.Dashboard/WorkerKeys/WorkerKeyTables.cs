using JobQueue.Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace JobQueue.Dashboard.WorkerKeys;

/// <summary>This folder's tables on the dashboard's database context: the context knows no feature, each feature its tables.</summary>
public static class WorkerKeyTables
{
    extension(JobQueueDbContext db)
    {
        public DbSet<WorkerKey> WorkerKeys => db.Set<WorkerKey>();
    }
}
