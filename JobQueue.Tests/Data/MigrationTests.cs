using JobQueue.Dashboard.Data;
using JobQueue.Dashboard.Jobs;
using JobQueue.Shared.Contracts;
using JobQueue.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Testcontainers.MsSql;

namespace JobQueue.Tests.Data;

public class MigrationTests
{
    [Fact]
    public void Sqlite_Migrations_MatchTheModel()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);
        db.Database.HasPendingModelChanges().ShouldBeFalse("run: dotnet ef migrations add <Name> --context SqliteJobQueueDbContext");
    }

    [Fact]
    public void SqlServer_Migrations_MatchTheModel()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        db.Database.HasPendingModelChanges().ShouldBeFalse("run: dotnet ef migrations add <Name> --context SqlServerJobQueueDbContext");
    }

    [Fact]
    public async Task Sqlite_FreshDatabase_MigratesAndRoundTripsAJob()
    {
        var file = Path.Combine(Path.GetTempPath(), $"jobqueue-migration-{Guid.NewGuid():N}.db");
        try
        {
            var options = new DbContextOptionsBuilder<SqliteJobQueueDbContext>().UseSqlite($"Data Source={file}").Options;
            await using (var db = new SqliteJobQueueDbContext(options))
            {
                await db.Database.MigrateAsync();
                (await db.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
            }
            await RoundTripAsync(() => new SqliteJobQueueDbContext(options));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }

    [DockerFact]
    public async Task SqlServer_FreshDatabase_MigratesAndRoundTripsAJob()
    {
        await using var sqlServer = new MsSqlBuilder("mcr.microsoft.com/mssql/server:2022-latest").Build();
        await sqlServer.StartAsync();
        var options = new DbContextOptionsBuilder<SqlServerJobQueueDbContext>().UseSqlServer(sqlServer.GetConnectionString()).Options;
        await using (var db = new SqlServerJobQueueDbContext(options))
            await db.Database.MigrateAsync();
        await RoundTripAsync(() => new SqlServerJobQueueDbContext(options));
    }

    /// <summary>A job written, changed by an event and read back by a new context, as the recorder and API do.</summary>
    private static async Task RoundTripAsync(Func<JobQueueDbContext> newContext)
    {
        var created = new DateTime(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc);
        var job = Job.Submit(Guid.CreateVersion7(), "fibonacci_calc", "default", "10", "owner-id", "owner@x", created);
        await using (var db = newContext())
        {
            db.Jobs.Add(job);
            await db.SaveChangesAsync();
        }
        await using (var db = newContext())
        {
            var stored = await db.Jobs.SingleAsync(j => j.Id == job.Id);
            stored.Apply(new JobEvent(job.Id, JobEventKind.Succeeded, 1, "owner-id", created.AddSeconds(1), "w1", Result: "55"));
            await db.SaveChangesAsync();
        }
        await using (var db = newContext())
        {
            var stored = await db.Jobs.Include(j => j.Timeline).SingleAsync(j => j.Id == job.Id);
            stored.Status.ShouldBe(JobStatus.Succeeded);
            stored.Result.ShouldBe("55");
            stored.CreatedAt.ShouldBe(created);
            stored.CreatedAt.Kind.ShouldBe(DateTimeKind.Utc);
            stored.Timeline.Select(t => t.Status).Order().ShouldBe([JobStatus.Queued, JobStatus.Succeeded]);
        }
    }
}
