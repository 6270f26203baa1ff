using JobQueue.Dashboard.Workers;

namespace JobQueue.Dashboard.JobTypes;

/// <summary><c>/api/job-types</c>: the catalog of job types the workers advertised.</summary>
public static class JobTypeEndpoints
{
    public static IEndpointRouteBuilder MapJobTypeEndpoints(this IEndpointRouteBuilder app)
    {
        var types = app.MapGroup("/api/job-types").RequireAuthorization().WithTags("Job types");
        types.MapGet("/", (JobTypeCatalog catalog, WorkerRegistry workers) => TypedResults.Ok(Describe(catalog, workers)));
        return app;
    }

    /// <summary>Every known type with the workers online that run it (empty: none now; its jobs wait).</summary>
    public static List<JobTypeDto> Describe(JobTypeCatalog catalog, WorkerRegistry workers)
    {
        var online = workers.All.Where(w => w.IsOnline).ToList();
        return catalog.All.Select(t => new JobTypeDto(t.Name, t.Definition.Description, t.Definition.Schema, t.Definition.DefaultTimeoutSeconds,
                t.Definition.DefaultMaxAttempts, online.Where(w => w.Last.JobTypes.Contains(t.Name)).Select(w => w.Last.WorkerId).ToList(),
                t.FirstAdvertisedAt, t.LastAdvertisedAt, t.LastAdvertisedBy))
            .ToList();
    }
}
