using JobQueue.Shared.Contracts;

namespace JobQueue.Dashboard.Jobs;

public sealed record JobFilter(
    JobStatus? Status = null,
    string? Type = null,
    string? Queue = null,
    int Page = 1,
    int PageSize = 50,
    JobSort SortBy = JobSort.Created,
    bool Descending = true,
    string? IdSearch = null,
    bool ExactTotal = false);
