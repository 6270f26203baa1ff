namespace JobQueue.Tests.Infrastructure;

/// <summary>The standing system on PostgreSQL, for the test families that run on both databases.</summary>
public sealed class PostgresJobQueueSystem : JobQueueSystem
{
    public PostgresJobQueueSystem() => Database = TestDatabase.Postgres;
}
