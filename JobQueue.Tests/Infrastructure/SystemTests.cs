namespace JobQueue.Tests.Infrastructure;

/// <summary>The standing system on SQLite, shared by most integration test families.</summary>
[RunsAbout(Seconds = 380)]
[CollectionDefinition(Name)]
public sealed class SystemTests : ICollectionFixture<JobQueueSystem>
{
    public const string Name = "JobQueue system";
}
