using JobQueue.ServiceDefaults.Resilience;
using JobQueue.Shared.Resilience;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Polly.Registry;

namespace JobQueue.Dashboard.Data;

public static class DataExtensions
{
    /// <summary>
    /// The database (<see cref="DatabaseConnection"/>) through EF Core; each feature configures its own tables, and the
    /// jobs' hot path adds its set-based store itself. A PostgreSQL database has one pool (<see cref="NpgsqlDataSource"/>)
    /// for EF Core and that store alike, disposed with the container.
    /// </summary>
    public static IHostApplicationBuilder AddJobQueueData(this IHostApplicationBuilder builder)
    {
        var database = DatabaseConnection.From(builder.Configuration);
        builder.Services.Configure<DatabaseOptions>(builder.Configuration.GetSection(DatabaseOptions.Section));
        switch (database.Provider)
        {
            case DatabaseProvider.SqlServer:
                builder.Services.AddDbContext<JobQueueDbContext, SqlServerJobQueueDbContext>(db => UseSqlServer(db, database.ConnectionString));
                break;
            case DatabaseProvider.Postgres:
                builder.Services.AddSingleton(_ => new NpgsqlDataSourceBuilder(database.ConnectionString).Build());
                builder.Services.AddDbContext<JobQueueDbContext, PostgresJobQueueDbContext>((services, db) =>
                    UsePostgres(db, services.GetRequiredService<NpgsqlDataSource>()));
                break;
            default:
                builder.Services.AddDbContext<JobQueueDbContext, SqliteJobQueueDbContext>(db => UseSqlite(db, database.ConnectionString));
                break;
        }
        // The keys behind cookies, antiforgery and bearer tokens live in the database, so any instance on it reads what
        // another one wrote (docs/design.md, "Several dashboards").
        builder.Services.AddDataProtection().SetApplicationName("JobQueue").PersistKeysToDbContext<JobQueueDbContext>();
        builder.Services.AddStoreConflictPipeline(StoreConflicts.IsConflict);
        return builder;
    }

    internal static DbContextOptionsBuilder UseSqlite(DbContextOptionsBuilder db, string connectionString) =>
        db.UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(typeof(JobQueueDbContext).Assembly.FullName));

    internal static DbContextOptionsBuilder UseSqlServer(DbContextOptionsBuilder db, string connectionString) =>
        db.UseSqlServer(connectionString, sql => sql.EnableRetryOnFailure());

    internal static DbContextOptionsBuilder UsePostgres(DbContextOptionsBuilder db, string connectionString) =>
        db.UseNpgsql(connectionString);

    internal static DbContextOptionsBuilder UsePostgres(DbContextOptionsBuilder db, NpgsqlDataSource dataSource) =>
        db.UseNpgsql(dataSource);

    /// <summary>Applies pending migrations; on SQLite also turns on WAL so the recorder and the API can write side by side.</summary>
    public static async Task MigrateJobQueueDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        // Instances started together on a fresh PostgreSQL database can still race past EF Core's migration lock (one
        // added a column the other then added again: 42701). The one that lost tries again, and finds them applied.
        var conflicts = services.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline(Pipelines.StoreConflict);
        await conflicts.RunAsync("Migrating the database", async token =>
        {
            await using var migrating = services.CreateAsyncScope();
            await migrating.ServiceProvider.GetRequiredService<JobQueueDbContext>().Database.MigrateAsync(token);
        }, cancellationToken);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }
}
