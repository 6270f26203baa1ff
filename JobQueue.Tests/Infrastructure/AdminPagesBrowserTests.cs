namespace JobQueue.Tests.Infrastructure;

/// <summary>
/// A standing system on SQLite for the browser tests of accounts, sign-in, revocation, the monitor and wall, keys,
/// audit and the API reference: its own, so these run beside the API tests' system and the job pages' browser tests.
/// </summary>
[CollectionDefinition(Name)]
[RunsAbout(Seconds = 250)]
public sealed class AdminPagesBrowserTests : ICollectionFixture<JobQueueSystem>
{
    public const string Name = "JobQueue system for the admin pages in a browser";
}
