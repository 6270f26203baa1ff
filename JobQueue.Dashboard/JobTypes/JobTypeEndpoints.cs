using JobQueue.Dashboard.WorkerKeys;
using JobQueue.Dashboard.Workers;

namespace JobQueue.Dashboard.JobTypes;

/// <summary><c>GET /api/job-types</c>: the catalog of job types the workers advertised (HTTP workers advertise theirs through <c>HttpWorkers/JobTypeAdvertisingEndpoints</c>).</summary>
public static class JobTypeEndpoints
{
    public static IEndpointRouteBuilder MapJobTypeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/job-types", (JobTypeCatalog catalog, WorkerRegistry workers) => TypedResults.Ok(Describe(catalog, workers)))
            .RequireAuthorization().WithTags("Job types");
        return app;
    }

    /// <summary>A type's owner in words: "JobQueue's workers on the broker", "the worker key 'crawler'".</summary>
    public static async Task<string> OwnerTextAsync(string? owner, WorkerKeyStore keys, CancellationToken cancellationToken) =>
        JobTypeOwners.KeyOf(owner) is { } keyId
            ? (await keys.ListAsync(cancellationToken)).FirstOrDefault(k => k.Id == keyId) is { } key ? $"the worker key '{key.Name}'" : "a worker key since deleted"
            : owner == JobTypeOwners.Workers ? "JobQueue's workers on the broker" : "nobody yet";

    /// <summary>Every known type with the workers online that run it (empty: none now; its jobs wait).</summary>
    public static List<JobTypeDto> Describe(JobTypeCatalog catalog, WorkerRegistry workers)
    {
        var online = workers.All.Where(w => w.IsOnline).ToList();
        return catalog.All.Select(t => new JobTypeDto(t.Name, t.Definition.Description, t.Definition.Schema, t.Definition.DefaultTimeoutSeconds,
                t.Definition.DefaultMaxAttempts, online.Where(w => w.Last.JobTypes.Contains(t.Name)).Select(w => w.Last.WorkerId).ToList(),
                t.FirstAdvertisedAt, t.LastAdvertisedAt, t.LastAdvertisedBy, t.Owner))
            .ToList();
    }
}
