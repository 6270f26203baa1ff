using JobQueue.Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace JobQueue.Dashboard.Leases;

/// <summary>This folder's tables on the dashboard's database context: the context knows no feature, each feature its tables.</summary>
public static class LeaseTables
{
    extension(JobQueueDbContext db)
    {
        public DbSet<Lease> Leases => db.Set<Lease>();
    }
}
