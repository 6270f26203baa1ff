using JobQueue.Dashboard.Data;
using JobQueue.Dashboard.Encryption;
using JobQueue.Dashboard.Identity;
using Microsoft.EntityFrameworkCore;

namespace JobQueue.Dashboard.Jobs;

/// <summary>Reading jobs, with the ownership rule: users see their own jobs, admins all. Every read returns the jobs' data opened.</summary>
public sealed class JobReader(JobQueueDbContext db, JobDataProtector data)
{
    /// <summary>The job, its data opened (as every read here returns it).</summary>
    public async Task<Job?> FindAsync(Guid id, JobViewer viewer, CancellationToken cancellationToken) =>
        (await Visible(viewer).AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, cancellationToken))?.Opened(data);

    /// <summary>How many of the viewer's jobs (an admin's: everyone's) are in each status; every status is there, zero or not.</summary>
    public async Task<JobCounts> CountByStatusAsync(JobViewer viewer, CancellationToken cancellationToken)
    {
        var counts = await Visible(viewer).AsNoTracking().GroupBy(j => j.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        return JobCounts.From(counts.Select(c => (c.Status, c.Count)));
    }

    /// <summary>Counts stop here unless the filter asks for the exact total: past it the page says "more than".</summary>
    public const int CountedUpTo = 10_000;

    public async Task<JobListing> ListAsync(JobFilter filter, JobViewer viewer, CancellationToken cancellationToken)
    {
        var query = Visible(viewer).AsNoTracking();
        if (filter.Status is { } status)
            query = query.Where(j => j.Status == status);
        if (!string.IsNullOrEmpty(filter.Type))
            query = query.Where(j => j.Type == filter.Type);
        if (!string.IsNullOrEmpty(filter.Queue))
            query = query.Where(j => j.Queue == filter.Queue);
        if (!string.IsNullOrWhiteSpace(filter.IdSearch))
        {
            // A whole id finds that job; a fragment narrows the page the user is looking at.
            // Both providers print ids in upper case.
            var search = filter.IdSearch.Trim().ToUpperInvariant();
            query = Guid.TryParse(search, out var id) ? query.Where(j => j.Id == id) : query.Where(j => j.Id.ToString().Contains(search));
        }

        var total = filter.ExactTotal ? await query.CountAsync(cancellationToken) : await query.Take(CountedUpTo + 1).CountAsync(cancellationToken);
        var lowerBound = !filter.ExactTotal && total > CountedUpTo;
        if (lowerBound)
            total = CountedUpTo;
        // A page past the last one is empty; computed in 64 bits, page 2147483647 is not the first page.
        var skip = (long)(filter.Page - 1) * filter.PageSize;
        if (skip > int.MaxValue || (skip >= total && !lowerBound))
            return new JobListing([], total, lowerBound);
        var items = await Sorted(query, filter).Skip((int)skip).Take(filter.PageSize).ToListAsync(cancellationToken);
        return new JobListing(items.Select(j => j.Opened(data)).ToList(), total, lowerBound);
    }

    private static IQueryable<Job> Sorted(IQueryable<Job> query, JobFilter filter) => (filter.SortBy, filter.Descending) switch
    {
        (JobSort.Status, false) => query.OrderBy(j => j.Status).ThenByDescending(j => j.CreatedAt),
        (JobSort.Status, true) => query.OrderByDescending(j => j.Status).ThenByDescending(j => j.CreatedAt),
        (JobSort.Type, false) => query.OrderBy(j => j.Type).ThenByDescending(j => j.CreatedAt),
        (JobSort.Type, true) => query.OrderByDescending(j => j.Type).ThenByDescending(j => j.CreatedAt),
        (JobSort.Queue, false) => query.OrderBy(j => j.Queue).ThenByDescending(j => j.CreatedAt),
        (JobSort.Queue, true) => query.OrderByDescending(j => j.Queue).ThenByDescending(j => j.CreatedAt),
        (_, false) => query.OrderBy(j => j.CreatedAt).ThenBy(j => j.Id),
        _ => query.OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id),
    };

    public async Task<Job?> FindWithTimelineAsync(Guid id, JobViewer viewer, CancellationToken cancellationToken) =>
        (await Visible(viewer).AsNoTracking().Include(j => j.Timeline).FirstOrDefaultAsync(j => j.Id == id, cancellationToken))?.Opened(data);

    /// <summary>The jobs <paramref name="viewer"/> may see: an admin all, a user their own.</summary>
    public static IQueryable<Job> VisibleTo(IQueryable<Job> jobs, JobViewer viewer) =>
        viewer.IsAdmin ? jobs : jobs.Where(j => j.OwnerId == viewer.UserId);

    private IQueryable<Job> Visible(JobViewer viewer) => VisibleTo(db.Jobs, viewer);
}
