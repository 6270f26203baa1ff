namespace JobQueue.Dashboard.Jobs;

/// <param name="TotalIsLowerBound">
/// true when more jobs match than <see cref="JobReader.CountedUpTo"/>: the count stopped there (counting a million rows
/// would cost more than the page), so <paramref name="Total"/> is "at least". <c>?total=exact</c> counts them all.
/// </param>
public sealed record JobPage(IReadOnlyList<JobDto> Items, int Total, bool TotalIsLowerBound = false);
