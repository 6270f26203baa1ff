using JobQueue.Dashboard.Data;
using JobQueue.Dashboard.Jobs;
using JobQueue.Dashboard.Queues;
using JobQueue.Shared.Contracts;
using JobQueue.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
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
    public void Postgres_Migrations_MatchTheModel()
    {
        using var db = new PostgresDesignTimeFactory().CreateDbContext([]);
        db.Database.HasPendingModelChanges().ShouldBeFalse("run: dotnet ef migrations add <Name> --context PostgresJobQueueDbContext -o Data/Migrations/Postgres");
    }

    [Fact]
    public async Task Postgres_FreshDatabase_MigratesAndRoundTripsAJob()
    {
        var connectionString = await PostgresDatabases.CreateAsync("migration");
        try
        {
            var options = new DbContextOptionsBuilder<PostgresJobQueueDbContext>().UseNpgsql(connectionString).Options;
            await using (var db = new PostgresJobQueueDbContext(options))
            {
                await db.Database.MigrateAsync();
                (await db.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
            }
            await RoundTripAsync(() => new PostgresJobQueueDbContext(options));
        }
        finally
        {
            await PostgresDatabases.DropAsync(connectionString);
        }
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

    [Fact]
    public async Task Sqlite_UpgradeToAdminManagedQueues_KeepsTheQueuesJobsWereSubmittedToOrThatWerePaused()
    {
        var file = Path.Combine(Path.GetTempPath(), $"jobqueue-migration-{Guid.NewGuid():N}.db");
        try
        {
            var options = new DbContextOptionsBuilder<SqliteJobQueueDbContext>().UseSqlite($"Data Source={file}").Options;
            await using (var db = new SqliteJobQueueDbContext(options))
            {
                // The database as the version before admin-managed queues left it.
                await db.GetService<IMigrator>().MigrateAsync("20261123153007_ListAndOutboxIndexes");
                foreach (var (queue, n) in new[] { ("critical", 1), ("critical", 2), ("default", 3), ("Bad Queue!", 4), ("", 5) })
                {
                    await db.Database.ExecuteSqlAsync($"""
                        INSERT INTO "Jobs" ("Id", "Type", "Queue", "Status", "Payload", "Progress", "Attempt", "MaxAttempts", "CreatedAt", "OwnerId", "Owner", "Version")
                        VALUES ({Guid.NewGuid()}, 'reverse_string', {queue}, 'Succeeded', '"x"', 0, 1, 3, {new DateTime(2026, 11, 20, 10, 0, n, DateTimeKind.Utc)}, 'u', 'u@x', 0)
                        """);
                }
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO "PausedQueues" ("Name", "PausedAt", "PausedBy") VALUES ('held', {DateTime.UtcNow}, 'admin@x')
                    """);

                await db.Database.MigrateAsync();
            }
            await using (var db = new SqliteJobQueueDbContext(options))
            {
                var queues = await db.Queues.AsNoTracking().OrderBy(q => q.Name).ToListAsync();
                queues.Select(q => q.Name).ShouldBe(["critical", "default", "held"]);
                queues[0].CreatedAt.ShouldBe(new DateTime(2026, 11, 20, 10, 0, 1, DateTimeKind.Utc), "the first job's time");
            }
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
            stored.Timeline.Select(t => t.Status).ShouldBe([JobStatus.Succeeded], "the submit is implied by CreatedAt, not stored");
            stored.History.Select(t => t.Status).ShouldBe([JobStatus.Queued, JobStatus.Succeeded]);
        }
    }
}
