namespace JobQueue.Tests.Infrastructure;

/// <summary>
/// A standing system on SQLite for the browser tests of the job pages (submit, list, detail, schedules, queues,
/// workers): its own, so these run beside the API tests' system and the admin pages' browser tests.
/// </summary>
[CollectionDefinition(Name)]
[RunsAbout(Seconds = 270)]
public sealed class JobPagesBrowserTests : ICollectionFixture<JobQueueSystem>
{
    public const string Name = "JobQueue system for the job pages in a browser";
}
