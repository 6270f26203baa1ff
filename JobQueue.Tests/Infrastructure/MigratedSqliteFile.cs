using JobQueue.Dashboard.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JobQueue.Tests.Infrastructure;

/// <summary>
/// A fresh SQLite file in the temp folder, migrated, with a service provider whose <see cref="JobQueueDbContext"/> uses
/// it (and logging, and what the test adds); disposing it disposes the services and deletes the file.
/// </summary>
public sealed class MigratedSqliteFile : IAsyncDisposable
{
    private MigratedSqliteFile(string path, ServiceProvider services) => (Path, Services) = (path, services);

    public string Path { get; }

    public ServiceProvider Services { get; }

    public static async Task<MigratedSqliteFile> CreateAsync(string purpose, Action<IServiceCollection> add)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"jobqueue-{purpose}-{Guid.NewGuid():N}.db");
        var services = new ServiceCollection()
            .AddLogging()
            .AddDbContext<JobQueueDbContext, SqliteJobQueueDbContext>(db => db.UseSqlite($"Data Source={path}"));
        add(services);
        var file = new MigratedSqliteFile(path, services.BuildServiceProvider());
        await using var scope = file.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<JobQueueDbContext>().Database.MigrateAsync();
        return file;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(Path);
    }
}
