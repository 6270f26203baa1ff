using JobQueue.Dashboard.Api;
using JobQueue.Dashboard.Audit;
using JobQueue.Dashboard.Identity;
using JobQueue.Dashboard.JobTypes;
using JobQueue.Dashboard.WorkerKeys;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.JobTypes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JobQueue.Dashboard.HttpWorkers;

/// <summary><c>POST /api/job-types</c>: an HTTP worker advertises the job types it runs, under its worker key.</summary>
public static class JobTypeAdvertisingEndpoints
{
    /// <summary>The most types one advertisement holds.</summary>
    public const int MaxTypes = 100;

    /// <summary>The largest advertisement: a schema may be up to 64 KiB (JobLimits.MaxSchemaBytes).</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapJobTypeAdvertisingEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/job-types", AdvertiseAsync).RequireAuthorization(Roles.Worker).WithTags("HTTP workers")
            .ReadsJson<AdvertiseJobTypesRequest>();
        return app;
    }

    /// <summary>
    /// An HTTP worker's advertisement, taken as a .NET worker's is (each type checked, stored, known at once here and
    /// within a refresh on the other dashboards), all or nothing: 400 naming each refused type and why (a schema out of
    /// bounds, a name that is not one), 403 for a type its key may not take, 400 for a body that is not one.
    /// </summary>
    private static async Task<Results<Ok<AdvertisedJobTypes>, ValidationProblem, ProblemHttpResult>> AdvertiseAsync(HttpContext context,
        JobTypeCatalog catalog, WorkerKeyStore keys, TimeProvider time, CancellationToken cancellationToken)
    {
        var (request, problem) = await JsonBody.ReadAsync<AdvertiseJobTypesRequest>(context.Request, MaxBodyBytes, cancellationToken);
        if (problem is not null)
            return problem;
        var errors = HttpWorkerService.Validate(request!.WorkerId) ?? [];
        if (request.Types is not { Count: > 0 and <= MaxTypes } || request.Types.Any(t => t is null || string.IsNullOrEmpty(t.Name)))
            errors["types"] = [$"types holds 1 to {MaxTypes} job types, each with its name: {{\"name\", \"description\"?, \"schema\", \"defaultTimeoutSeconds\", \"defaultMaxAttempts\"}}."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The advertisement was not understood.");
        var key = WorkerKeyAuthenticationHandler.KeyOf(context);
        if (request.Types!.FirstOrDefault(t => BuiltInJobTypes.Names.Contains(t.Name)) is { } builtIn)
            return TypedResults.Problem($"'{builtIn.Name}' is a built-in job type: only JobQueue's own workers advertise it.",
                statusCode: StatusCodes.Status403Forbidden, title: "A reserved job type name.");
        if (key.Types.Count > 0 && request.Types!.FirstOrDefault(t => !key.Types.Contains(t.Name)) is { } outside)
            return TypedResults.Problem($"The worker key '{key.Name}' may take only the job types {string.Join(", ", key.Types)}, not '{outside.Name}'.",
                statusCode: StatusCodes.Status403Forbidden, title: "Not a type of this worker key.");
        var owner = JobTypeOwners.Key(key.Id);
        if (key.Types.Count == 0)
        {
            // A key without a type list advertises only types nobody else owns (another dashboard may have stored one just now).
            await catalog.LearnUnknownAsync(request.Types!.Select(t => t.Name), cancellationToken);
            if (request.Types!.Select(t => catalog.TryGet(t.Name, out var known) ? known : null)
                    .FirstOrDefault(k => k?.Owner is { } other && other != owner) is { } taken)
                return TypedResults.Problem(
                    $"The job type '{taken.Name}' belongs to {await JobTypeEndpoints.OwnerTextAsync(taken.Owner, keys, cancellationToken)}; a worker key without a type list advertises only types of its own. An admin may name the type on a key.",
                    statusCode: StatusCodes.Status403Forbidden, title: "Another owner's job type.");
        }
        var advertiser = new Advertiser(owner, new Actor("", $"worker key '{key.Name}' (worker {request.WorkerId})", context.Connection.RemoteIpAddress?.ToString(), Actor.Api));
        var refused = await catalog.AdvertisedAsync(new JobTypesAdvertised(request.WorkerId!, time.GetUtcNow().UtcDateTime, request.Types!), advertiser,
            cancellationToken, allOrNothing: true);
        if (refused.Count > 0)
            return TypedResults.ValidationProblem(
                request.Types!.Select((t, i) => (Key: $"types[{i}]", Name: t.Name)).Where(t => refused.ContainsKey(t.Name))
                    .GroupBy(t => t.Key).ToDictionary(g => g.Key, g => new[] { $"{g.First().Name}: {refused[g.First().Name]}" }),
                title: "The advertisement was refused: nothing in it was taken.");
        var accepted = request.Types!.Select(t => t.Name).Where(n => !refused.ContainsKey(n)).Distinct(StringComparer.Ordinal).ToList();
        return TypedResults.Ok(new AdvertisedJobTypes(accepted, refused));
    }
}
