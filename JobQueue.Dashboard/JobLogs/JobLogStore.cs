using JobQueue.Dashboard.Data;
using JobQueue.Dashboard.Encryption;
using JobQueue.Dashboard.Jobs;
using JobQueue.Shared.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace JobQueue.Dashboard.JobLogs;

/// <summary>
/// Stores the job log lines the recorder takes from the workers' messages, keeping each job's newest
/// <see cref="JobLogsOptions.MaxLinesPerJob"/>, and reads them back. Lines of jobs this database does not have are
/// dropped. Delivered at least once: a message redelivered after its lines were stored (a lost ack) stores them again.
/// </summary>
public sealed class JobLogStore(IServiceScopeFactory scopes, IOptions<JobLogsOptions> options, JobDataProtector data)
{
    public async Task AppendAsync(IReadOnlyList<JobLogLine> lines, CancellationToken cancellationToken)
    {
        if (lines.Count == 0)
            return;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
        var ids = lines.Select(l => l.JobId).Distinct().ToList();
        // The owner the job is stored for seals its lines, whatever a line says.
        var owners = await db.Jobs.Where(j => ids.Contains(j.Id)).Select(j => new { j.Id, j.OwnerId }).ToDictionaryAsync(j => j.Id, j => j.OwnerId, cancellationToken);
        var kept = lines.Where(l => owners.ContainsKey(l.JobId)).ToList();
        if (kept.Count == 0)
            return;
        db.JobLogs.AddRange(kept.Select(line => JobLogEntry.From(line, message => data.Seal(owners[line.JobId], message))));
        await db.SaveChangesAsync(cancellationToken);

        // A job whose line numbers passed the bound (or that ran again: each attempt counts from 1) may keep too many.
        var max = options.Value.MaxLinesPerJob;
        foreach (var jobId in kept.Where(l => l.Number > max || l.Attempt > 1).Select(l => l.JobId).Distinct())
        {
            var cutoff = await db.JobLogs.Where(l => l.JobId == jobId).OrderByDescending(l => l.Id).Skip(max)
                .Select(l => (long?)l.Id).FirstOrDefaultAsync(cancellationToken);
            if (cutoff is { } last)
                await db.JobLogs.Where(l => l.JobId == jobId && l.Id <= last).ExecuteDeleteAsync(cancellationToken);
        }
    }

    /// <summary>The job's kept lines after line <paramref name="after"/> (by id), oldest first, at most <paramref name="take"/>.</summary>
    /// <param name="ownerId">The job's owner, whose key opens the lines (the caller has read the job to check it may see it).</param>
    public async Task<JobLogDto> ReadAsync(Guid jobId, string ownerId, long? after, int take, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
        var query = db.JobLogs.AsNoTracking().Where(l => l.JobId == jobId);
        if (after is { } from)
            query = query.Where(l => l.Id > from);
        var lines = await query.OrderBy(l => l.Id).Take(take).ToListAsync(cancellationToken);
        // The first kept line of its attempt is not the attempt's first line: earlier ones are gone.
        var earlierDropped = after is null && lines.Count > 0 && lines[0].Number > 1;
        return new JobLogDto(jobId, lines.Select(line => JobLogLineDto.From(line, data.Open(ownerId, line.Message))).ToList(), earlierDropped, lines.Count > 0 ? lines[^1].Id : after);
    }
}
