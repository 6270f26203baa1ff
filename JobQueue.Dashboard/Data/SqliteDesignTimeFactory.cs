using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace JobQueue.Dashboard.Data;

/// <summary>Lets <c>dotnet ef</c> build the SQLite model without starting the application.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteJobQueueDbContext>
{
    public SqliteJobQueueDbContext CreateDbContext(string[] args) =>
        new((DbContextOptions<SqliteJobQueueDbContext>)DataExtensions
            .UseSqlite(new DbContextOptionsBuilder<SqliteJobQueueDbContext>(), DatabaseOptions.DefaultSqliteConnectionString).Options);
}
