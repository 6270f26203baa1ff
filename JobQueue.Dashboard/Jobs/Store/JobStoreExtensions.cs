using JobQueue.Dashboard.Data;
using JobQueue.Dashboard.Encryption;

namespace JobQueue.Dashboard.Jobs.Store;

public static class JobStoreExtensions
{
    /// <summary>
    /// The jobs' hot path (<see cref="IJobStore"/>: submits and the recorder's batches) for the configured database: set-based
    /// on SQLite and PostgreSQL, through EF Core on SQL Server. Everything else reads and writes jobs through EF Core.
    /// </summary>
    public static IHostApplicationBuilder AddJobStore(this IHostApplicationBuilder builder)
    {
        var database = DatabaseConnection.From(builder.Configuration);
        switch (database.Provider)
        {
            case DatabaseProvider.SqlServer:
                builder.Services.AddSingleton<IJobStore, EfJobStore>();
                break;
            case DatabaseProvider.Postgres:
                builder.Services.AddSingleton<IJobStore, PostgresJobStore>();
                break;
            default:
                builder.Services.AddSingleton<IJobStore>(services => new SqliteJobStore(database.ConnectionString, services.GetRequiredService<JobDataProtector>()));
                break;
        }
        return builder;
    }
}
