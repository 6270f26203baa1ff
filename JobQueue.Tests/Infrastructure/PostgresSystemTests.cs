namespace JobQueue.Tests.Infrastructure;

[CollectionDefinition(Name)]
public sealed class PostgresSystemTests : ICollectionFixture<PostgresJobQueueSystem>
{
    public const string Name = "JobQueue system on PostgreSQL";
}
