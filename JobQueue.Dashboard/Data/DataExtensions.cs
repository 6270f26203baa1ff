using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace JobQueue.Dashboard.Data;

public static class DataExtensions
{
    public static IHostApplicationBuilder AddJobQueueData(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = builder.Configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
        builder.Services.Configure<DatabaseOptions>(builder.Configuration.GetSection(DatabaseOptions.Section));

        switch (options.Provider)
        {
            case DatabaseProvider.SqlServer:
                if (string.IsNullOrWhiteSpace(connectionString))
                    throw new InvalidOperationException("Database:Provider is SqlServer but ConnectionStrings:JobQueue is not set.");
                builder.Services.AddDbContext<JobQueueDbContext, SqlServerJobQueueDbContext>(db => UseSqlServer(db, connectionString));
                builder.Services.AddSingleton<IJobStore, EfJobStore>();
                break;
            default:
                var sqlite = string.IsNullOrWhiteSpace(connectionString) ? DatabaseOptions.DefaultSqliteConnectionString : connectionString;
                builder.Services.AddDbContext<JobQueueDbContext, SqliteJobQueueDbContext>(db => UseSqlite(db, sqlite));
                builder.Services.AddSingleton<IJobStore>(_ => new SqliteJobStore(sqlite));
                break;
        }
        return builder;
    }

    internal static DbContextOptionsBuilder UseSqlite(DbContextOptionsBuilder db, string connectionString) =>
        db.UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(typeof(JobQueueDbContext).Assembly.FullName));

    internal static DbContextOptionsBuilder UseSqlServer(DbContextOptionsBuilder db, string connectionString) =>
        db.UseSqlServer(connectionString, sql => sql.EnableRetryOnFailure());

    /// <summary>Applies pending migrations; on SQLite also turns on WAL so the recorder and the API can write side by side.</summary>
    public static async Task MigrateJobQueueDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }
}

/// <summary>Lets <c>dotnet ef</c> build the SQLite model without starting the application.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteJobQueueDbContext>
{
    public SqliteJobQueueDbContext CreateDbContext(string[] args) =>
        new((DbContextOptions<SqliteJobQueueDbContext>)DataExtensions
            .UseSqlite(new DbContextOptionsBuilder<SqliteJobQueueDbContext>(), DatabaseOptions.DefaultSqliteConnectionString).Options);
}

/// <summary>Lets <c>dotnet ef</c> build the SQL Server model without starting the application (no server needed).</summary>
public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerJobQueueDbContext>
{
    public SqlServerJobQueueDbContext CreateDbContext(string[] args) =>
        new((DbContextOptions<SqlServerJobQueueDbContext>)DataExtensions
            .UseSqlServer(new DbContextOptionsBuilder<SqlServerJobQueueDbContext>(), "Server=localhost;Database=JobQueue;Trusted_Connection=True;TrustServerCertificate=True").Options);
}
