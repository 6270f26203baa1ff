namespace JobQueue.Tests.Infrastructure;

/// <summary>The standing system on SQLite, shared by most integration test families.</summary>
[CollectionDefinition(Name)]
public sealed class SystemTests : ICollectionFixture<JobQueueSystem>
{
    public const string Name = "JobQueue system";
}
