namespace JobQueue.Tests.Infrastructure;

/// <summary>
/// About how long a test collection (on its definition) or a test class of its own takes alone: the
/// <see cref="LongestFirstOrderer"/> starts the longest first, so the run does not end waiting on one long collection
/// that started last. A hint for the order only; nothing is timed against it.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RunsAboutAttribute : Attribute
{
    public int Seconds { get; init; }
}
