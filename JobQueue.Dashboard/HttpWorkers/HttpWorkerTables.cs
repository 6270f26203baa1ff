using JobQueue.Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace JobQueue.Dashboard.HttpWorkers;

/// <summary>This folder's tables on the dashboard's database context: the context knows no feature, each feature its tables.</summary>
public static class HttpWorkerTables
{
    extension(JobQueueDbContext db)
    {
        public DbSet<JobLease> JobLeases => db.Set<JobLease>();
        public DbSet<HttpWorker> HttpWorkers => db.Set<HttpWorker>();
    }
}
