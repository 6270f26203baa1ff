using Npgsql;
using Polly;
using Polly.Retry;

namespace JobQueue.Tests.Infrastructure;

/// <summary>
/// Throwaway databases on the tests' PostgreSQL (JOBQUEUE_POSTGRES, which ./test.sh sets: the machine's cluster, started
/// when it is down, and a role of the tests' own that may create databases). Each test system makes its own and drops it.
/// </summary>
public static class PostgresDatabases
{
    public const string Variable = "JOBQUEUE_POSTGRES";

    /// <summary>The server's connection string, on its maintenance database (<c>postgres</c>) unless it names another.</summary>
    public static string Server =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? new NpgsqlConnectionStringBuilder(value) is { Database: null or "" } builder
                ? new NpgsqlConnectionStringBuilder(value) { Database = "postgres" }.ConnectionString
                : value
            : throw new InvalidOperationException($"{Variable} is not set: run the tests with ./test.sh, which starts PostgreSQL and sets it.");

    /// <summary>A new, empty database (named <c>jq_test_*</c>, which test.sh drops when a killed run left one behind).</summary>
    /// <returns>Its connection string.</returns>
    public static async Task<string> CreateAsync(string purpose)
    {
        var name = $"jq_test_{purpose}_{Guid.NewGuid():N}"[..40].ToLowerInvariant();
        await using var dataSource = NpgsqlDataSource.Create(Server);
        await using (var create = dataSource.CreateCommand($"CREATE DATABASE \"{name}\""))
            await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(Server) { Database = name }.ConnectionString;
    }

    /// <summary>
    /// The tests' role may end its own sessions but not an autovacuum worker (the server's), which a test's bulk updates
    /// can start on the database: DROP ... WITH (FORCE) then fails with 42501 until the worker is done, a moment later.
    /// </summary>
    private static readonly ResiliencePipeline WhileAutovacuumRuns = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<PostgresException>(e => e.SqlState == PostgresErrorCodes.InsufficientPrivilege),
            MaxRetryAttempts = 20,
            Delay = TimeSpan.FromMilliseconds(500),
        })
        .Build();

    public static async Task DropAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var dataSource = NpgsqlDataSource.Create(Server);
        await WhileAutovacuumRuns.ExecuteAsync(async cancellationToken =>
        {
            await using var drop = dataSource.CreateCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
            await drop.ExecuteNonQueryAsync(cancellationToken);
        });
    }
}
