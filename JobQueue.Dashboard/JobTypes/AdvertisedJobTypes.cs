namespace JobQueue.Dashboard.JobTypes;

/// <summary>What <c>POST /api/job-types</c> took: the types now in the catalog, and each refused one with why.</summary>
public sealed record AdvertisedJobTypes(IReadOnlyList<string> Accepted, IReadOnlyDictionary<string, string> Refused);
