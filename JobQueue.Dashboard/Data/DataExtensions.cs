using JobQueue.Dashboard.Encryption;
using JobQueue.ServiceDefaults.Resilience;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Polly.Registry;

namespace JobQueue.Dashboard.Data;

public static class DataExtensions
{
    /// <summary>
    /// The database (<see cref="DatabaseOptions.Provider"/>): EF Core for everything, and the provider's own set-based
    /// <see cref="IJobStore"/> for the hot path. The connection string is <c>ConnectionStrings:JobQueue</c>; SQLite has a
    /// default file, the servers have none.
    /// </summary>
    public static IHostApplicationBuilder AddJobQueueData(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = builder.Configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
        builder.Services.Configure<DatabaseOptions>(builder.Configuration.GetSection(DatabaseOptions.Section));

        switch (options.Provider)
        {
            case DatabaseProvider.SqlServer:
                var sqlServer = Required(connectionString, options.Provider);
                builder.Services.AddDbContext<JobQueueDbContext, SqlServerJobQueueDbContext>(db => UseSqlServer(db, sqlServer));
                builder.Services.AddSingleton<IJobStore, EfJobStore>();
                break;
            case DatabaseProvider.Postgres:
                // One pool for EF Core and the set-based store alike, disposed with the container.
                var postgres = Required(connectionString, options.Provider);
                builder.Services.AddSingleton(_ => new NpgsqlDataSourceBuilder(postgres).Build());
                builder.Services.AddDbContext<JobQueueDbContext, PostgresJobQueueDbContext>((services, db) =>
                    UsePostgres(db, services.GetRequiredService<NpgsqlDataSource>()));
                builder.Services.AddSingleton<IJobStore, PostgresJobStore>();
                break;
            default:
                var sqlite = string.IsNullOrWhiteSpace(connectionString) ? DatabaseOptions.DefaultSqliteConnectionString : connectionString;
                builder.Services.AddDbContext<JobQueueDbContext, SqliteJobQueueDbContext>(db => UseSqlite(db, sqlite));
                builder.Services.AddSingleton<IJobStore>(services => new SqliteJobStore(sqlite, services.GetRequiredService<JobDataProtector>()));
                break;
        }
        // The keys behind cookies, antiforgery and bearer tokens live in the database, so any instance on it reads what
        // another one wrote (docs/design.md, "Several dashboards").
        builder.Services.AddDataProtection().SetApplicationName("JobQueue").PersistKeysToDbContext<JobQueueDbContext>();
        builder.Services.AddStoreConflictPipeline(StoreConflicts.IsConflict);
        return builder;
    }

    private static string Required(string? connectionString, DatabaseProvider provider) =>
        string.IsNullOrWhiteSpace(connectionString)
            ? throw new InvalidOperationException($"Database:Provider is {provider} but ConnectionStrings:JobQueue is not set.")
            : connectionString;

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
