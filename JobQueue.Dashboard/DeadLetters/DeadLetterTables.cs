using JobQueue.Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace JobQueue.Dashboard.DeadLetters;

/// <summary>This folder's tables on the dashboard's database context: the context knows no feature, each feature its tables.</summary>
public static class DeadLetterTables
{
    extension(JobQueueDbContext db)
    {
        public DbSet<DeadLetter> DeadLetters => db.Set<DeadLetter>();
    }
}
