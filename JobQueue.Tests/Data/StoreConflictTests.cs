using JobQueue.Dashboard.Data;
using JobQueue.Dashboard.Jobs;
using JobQueue.ServiceDefaults.Resilience;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.Resilience;
using JobQueue.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Polly;
using Polly.Registry;

namespace JobQueue.Tests.Data;

/// <summary>
/// The one conflict rule (<see cref="Pipelines.StoreConflict"/>): which exceptions are a lost race on each database,
/// and how an operation that lost one is run again (a fresh read each time, at most five tries, nothing else retried),
/// on a real SQLite file where two contexts change one row.
/// </summary>
public sealed class StoreConflictTests : IAsyncLifetime
{
    private MigratedSqliteFile _database = default!;

    private ResiliencePipeline Conflicts => _database.Services.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline(Pipelines.StoreConflict);

    public async Task InitializeAsync() =>
        _database = await MigratedSqliteFile.CreateAsync("conflict", services => services.AddStoreConflictPipeline(StoreConflicts.IsConflict));

    public async Task DisposeAsync() => await _database.DisposeAsync();

    public static TheoryData<string, Exception, bool> Exceptions => new()
    {
        { "a row changed since it was read", new DbUpdateConcurrencyException("changed"), true },
        { "SQLite: a unique index", new DbUpdateException("insert", new SqliteException("UNIQUE constraint failed", 19, 2067)), true },
        { "SQLite: a primary key", new DbUpdateException("insert", new SqliteException("UNIQUE constraint failed", 19, 1555)), true },
        { "SQLite: a foreign key", new DbUpdateException("insert", new SqliteException("FOREIGN KEY constraint failed", 19, 787)), false },
        { "SQLite: the database is locked", new DbUpdateException("insert", new SqliteException("database is locked", 5, 5)), false },
        { "PostgreSQL: a unique key", new DbUpdateException("insert", new PostgresException("duplicate key", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation)), true },
        { "PostgreSQL: a column a migration added first", new PostgresException("column exists", "ERROR", "ERROR", PostgresErrorCodes.DuplicateColumn), true },
        { "PostgreSQL: a check constraint", new DbUpdateException("insert", new PostgresException("check", "ERROR", "ERROR", PostgresErrorCodes.CheckViolation)), false },
        { "PostgreSQL: refusing connections", new PostgresException("no", "FATAL", "FATAL", PostgresErrorCodes.CannotConnectNow), false },
        { "not the database's", new InvalidOperationException("a bug"), false },
        { "a timeout", new TimeoutException(), false },
    };

    [Theory]
    [MemberData(nameof(Exceptions))]
    public void IsConflict_ByExceptionAndDatabase_OnlyForALostRace(string what, Exception exception, bool conflict) =>
        StoreConflicts.IsConflict(exception).ShouldBe(conflict, what);

    [Fact]
    public async Task RunAsync_TwoContextsChangeOneRow_TheLoserReadsAgainAndDecidesAgain()
    {
        var id = Guid.CreateVersion7();
        var now = new DateTime(2026, 12, 7, 12, 0, 0, DateTimeKind.Utc);
        await using (var seed = _database.Services.CreateAsyncScope())
        {
            var db = seed.ServiceProvider.GetRequiredService<JobQueueDbContext>();
            db.Jobs.Add(Job.Submit(id, "reverse_string", "default", "\"abc\"", "u1", "u1@x", now));
            await db.SaveChangesAsync();
        }
        await using var scope = _database.Services.CreateAsyncScope();
        var mine = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
        var reads = 0;
        var change = await Conflicts.RunAsync(mine, "Cancelling", async token =>
        {
            var job = await mine.Jobs.SingleAsync(j => j.Id == id, token);
            reads++;
            if (reads == 1)
            {
                // Another dashboard cancels it between this read and this write.
                await using var other = _database.Services.CreateAsyncScope();
                var theirs = other.ServiceProvider.GetRequiredService<JobQueueDbContext>();
                (await theirs.Jobs.SingleAsync(j => j.Id == id, token)).RequestCancel(now).ShouldBe(JobEventKind.Cancelled);
                await theirs.SaveChangesAsync(token);
            }
            var change = job.RequestCancel(now);
            await mine.SaveChangesAsync(token);
            return change;
        }, CancellationToken.None);

        reads.ShouldBe(2, "the write on the stale row was refused and the row read again");
        change.ShouldBeNull("the second try found the job already cancelled");
        await using var check = _database.Services.CreateAsyncScope();
        (await check.ServiceProvider.GetRequiredService<JobQueueDbContext>().Jobs.SingleAsync(j => j.Id == id)).Status.ShouldBe(JobStatus.Cancelled);
    }

    [Fact]
    public async Task RunAsync_ALostRaceEveryTime_IsTriedFiveTimesThenThrown()
    {
        await using var scope = _database.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
        var tries = 0;
        await Should.ThrowAsync<DbUpdateConcurrencyException>(() => Conflicts.RunAsync<int>(db, "Losing", _ =>
        {
            tries++;
            throw new DbUpdateConcurrencyException("changed");
        }, CancellationToken.None));
        tries.ShouldBe(ResilienceExtensions.StoreConflictAttempts);
        ResilienceExtensions.StoreConflictAttempts.ShouldBe(5);
    }

    [Fact]
    public async Task RunAsync_AnotherFailure_IsNotTriedAgain()
    {
        await using var scope = _database.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
        var tries = 0;
        await Should.ThrowAsync<DbUpdateException>(() => Conflicts.RunAsync<int>(db, "Failing", _ =>
        {
            tries++;
            throw new DbUpdateException("insert", new SqliteException("FOREIGN KEY constraint failed", 19, 787));
        }, CancellationToken.None));
        tries.ShouldBe(1);
    }
}
