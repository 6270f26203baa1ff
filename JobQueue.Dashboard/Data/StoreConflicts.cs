using System.Data.Common;
using JobQueue.Shared.Resilience;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Polly;

namespace JobQueue.Dashboard.Data;

/// <summary>
/// The one rule for a write that lost a race (<see cref="Pipelines.StoreConflict"/>): what counts as a lost race on
/// each database, and how an operation is run again after one, its context cleared so it reads fresh rows.
/// </summary>
public static class StoreConflicts
{
    /// <summary>
    /// A lost race: a row's concurrency token changed since it was read, another writer inserted the same key first, or
    /// (two instances migrating a fresh PostgreSQL database at once) another added the same column, table or object.
    /// </summary>
    public static bool IsConflict(Exception exception) => exception switch
    {
        DbUpdateConcurrencyException => true,
        DbUpdateException { InnerException: { } inner } => IsDuplicate(inner),
        DbException database => IsDuplicate(database),
        _ => false,
    };

    private static bool IsDuplicate(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateColumn
            or PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.DuplicateObject or PostgresErrorCodes.DuplicateSchema,
        // SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY.
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        // Duplicate key in a unique index, violation of a unique or primary key constraint.
        SqlException sqlServer => sqlServer.Number is 2601 or 2627,
        _ => false,
    };

    /// <summary>
    /// Runs <paramref name="attempt"/> through the store-conflict pipeline (named <paramref name="name"/> in its log);
    /// after a failed save, <paramref name="db"/> forgets what it tracked, so the next attempt reads the rows again.
    /// </summary>
    public static Task<T> RunAsync<T>(this ResiliencePipeline conflicts, DbContext db, string name, Func<CancellationToken, Task<T>> attempt,
        CancellationToken cancellationToken) =>
        conflicts.RunAsync(name, async token =>
        {
            try
            {
                return await attempt(token);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
                throw;
            }
        }, cancellationToken);
}
