using JobQueue.Shared.Contracts;

namespace JobQueue.Dashboard.Jobs;

/// <summary>How many jobs are in each status (every status, in the order of <see cref="JobStatus"/>), and their total.</summary>
public sealed record JobCounts(IReadOnlyDictionary<JobStatus, int> ByStatus, int Total)
{
    public static JobCounts From(IEnumerable<(JobStatus Status, int Count)> counts)
    {
        var byStatus = Enum.GetValues<JobStatus>().ToDictionary(s => s, _ => 0);
        foreach (var (status, count) in counts)
            byStatus[status] += count;
        return new JobCounts(byStatus, byStatus.Values.Sum());
    }

    public int this[JobStatus status] => ByStatus[status];
}
