using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace JobQueue.Dashboard.Jobs;

/// <summary>
/// One token bucket per user for submits, from the pages and the API alike: a runaway script slows down with 429s
/// instead of filling the queues and the database for everyone. The default is far above what a person clicks.
/// </summary>
public sealed class SubmitRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public SubmitRateLimiter(IOptions<JobsOptions> options)
    {
        var rate = options.Value.SubmitRatePerSecond;
        var burst = options.Value.SubmitBurst;
        // Refill ten times a second where the rate allows, so a client sees a smooth rate, not one-second steps.
        var (period, tokens) = rate >= 10 ? (TimeSpan.FromMilliseconds(100), rate / 10) : (TimeSpan.FromSeconds(1.0 / rate), 1);
        _limiter = PartitionedRateLimiter.Create<string, string>(userId => RateLimitPartition.GetTokenBucketLimiter(userId,
            _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = burst,
                TokensPerPeriod = tokens,
                ReplenishmentPeriod = period,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <returns>null when the user may submit <paramref name="jobs"/> job(s) now, else how long to wait.</returns>
    public TimeSpan? TryAcquire(string userId, int jobs = 1)
    {
        using var lease = _limiter.AttemptAcquire(userId, jobs);
        if (lease.IsAcquired)
            return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) && retryAfter > TimeSpan.Zero
            ? retryAfter
            : TimeSpan.FromSeconds(1);
    }

    public void Dispose() => _limiter.Dispose();
}
