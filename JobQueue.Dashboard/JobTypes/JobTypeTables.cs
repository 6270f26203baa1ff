using JobQueue.Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace JobQueue.Dashboard.JobTypes;

/// <summary>This folder's tables on the dashboard's database context: the context knows no feature, each feature its tables.</summary>
public static class JobTypeTables
{
    extension(JobQueueDbContext db)
    {
        public DbSet<StoredJobType> JobTypes => db.Set<StoredJobType>();
    }
}
