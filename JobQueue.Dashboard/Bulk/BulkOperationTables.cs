using JobQueue.Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace JobQueue.Dashboard.Bulk;

/// <summary>This folder's tables on the dashboard's database context: the context knows no feature, each feature its tables.</summary>
public static class BulkOperationTables
{
    extension(JobQueueDbContext db)
    {
        public DbSet<BulkOperation> BulkOperations => db.Set<BulkOperation>();
    }
}
