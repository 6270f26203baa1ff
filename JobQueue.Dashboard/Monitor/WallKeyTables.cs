using JobQueue.Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace JobQueue.Dashboard.Monitor;

/// <summary>This folder's tables on the dashboard's database context: the context knows no feature, each feature its tables.</summary>
public static class WallKeyTables
{
    extension(JobQueueDbContext db)
    {
        public DbSet<WallKey> WallKeys => db.Set<WallKey>();
    }
}
