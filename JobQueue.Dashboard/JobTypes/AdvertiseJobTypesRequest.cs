using JobQueue.Shared.Contracts;

namespace JobQueue.Dashboard.JobTypes;

/// <summary><c>POST /api/job-types</c> (a worker key): an HTTP worker advertises the types it runs, as a .NET worker does over AMQP.</summary>
public sealed record AdvertiseJobTypesRequest(string? WorkerId, IReadOnlyList<JobTypeDefinition>? Types);
