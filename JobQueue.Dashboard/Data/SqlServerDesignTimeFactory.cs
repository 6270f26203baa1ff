using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace JobQueue.Dashboard.Data;

/// <summary>Lets <c>dotnet ef</c> build the SQL Server model without starting the application (no server needed).</summary>
public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerJobQueueDbContext>
{
    public SqlServerJobQueueDbContext CreateDbContext(string[] args) =>
        new((DbContextOptions<SqlServerJobQueueDbContext>)DataExtensions
            .UseSqlServer(new DbContextOptionsBuilder<SqlServerJobQueueDbContext>(), "Server=localhost;Database=JobQueue;Trusted_Connection=True;TrustServerCertificate=True").Options);
}
