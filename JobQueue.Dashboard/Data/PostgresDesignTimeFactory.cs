using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace JobQueue.Dashboard.Data;

/// <summary>Lets <c>dotnet ef</c> build the PostgreSQL model without starting the application (no server needed).</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresJobQueueDbContext>
{
    public PostgresJobQueueDbContext CreateDbContext(string[] args) =>
        new((DbContextOptions<PostgresJobQueueDbContext>)DataExtensions
            .UsePostgres(new DbContextOptionsBuilder<PostgresJobQueueDbContext>(), "Host=localhost;Database=jobqueue;Username=jobqueue").Options);
}
