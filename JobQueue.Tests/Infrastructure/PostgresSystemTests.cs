namespace JobQueue.Tests.Infrastructure;

[RunsAbout(Seconds = 100)]
[CollectionDefinition(Name)]
public sealed class PostgresSystemTests : ICollectionFixture<PostgresJobQueueSystem>
{
    public const string Name = "JobQueue system on PostgreSQL";
}
