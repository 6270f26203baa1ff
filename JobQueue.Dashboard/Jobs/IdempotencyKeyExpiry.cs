using JobQueue.Dashboard.Leases;

namespace JobQueue.Dashboard.Jobs;

/// <summary>
/// Deletes, every <see cref="SweepEvery"/>, the answers kept for Idempotency-Keys past their lifetime. A once-only duty
/// (<see cref="OnceOnlyDuties"/>).
/// </summary>
public sealed class IdempotencyKeyExpiry(IServiceScopeFactory scopes, OnceOnlyDuties duties, TimeProvider time, ILogger<IdempotencyKeyExpiry> logger, IServiceProvider services)
    : OnceOnlyDuty(duties, time, logger, services)
{
    public static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(10);

    protected override TimeSpan Interval => SweepEvery;

    protected override string What => "delete the expired Idempotency-Key answers";

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var deleted = await scope.ServiceProvider.GetRequiredService<JobService>().ForgetExpiredIdempotencyKeysAsync(cancellationToken);
        if (deleted > 0)
            logger.LogInformation("Forgot {Count} expired Idempotency-Key answer(s)", deleted);
    }
}
