using JobQueue.Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace JobQueue.Dashboard.JobLogs;

/// <summary>This folder's tables on the dashboard's database context: the context knows no feature, each feature its tables.</summary>
public static class JobLogTables
{
    extension(JobQueueDbContext db)
    {
        public DbSet<JobLogEntry> JobLogs => db.Set<JobLogEntry>();
    }
}
