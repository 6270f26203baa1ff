using JobQueue.Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace JobQueue.Dashboard.Recurring;

/// <summary>This folder's tables on the dashboard's database context: the context knows no feature, each feature its tables.</summary>
public static class RecurringJobTables
{
    extension(JobQueueDbContext db)
    {
        public DbSet<RecurringJob> RecurringJobs => db.Set<RecurringJob>();
    }
}
