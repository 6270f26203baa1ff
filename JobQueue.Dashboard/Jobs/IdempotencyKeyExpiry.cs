using JobQueue.Dashboard.Leases;
using JobQueue.ServiceDefaults.Hosting;

namespace JobQueue.Dashboard.Jobs;

/// <summary>
/// Deletes, every <see cref="SweepEvery"/>, the answers kept for Idempotency-Keys past their lifetime. A once-only duty
/// (<see cref="OnceOnlyDuties"/>).
/// </summary>
public sealed class IdempotencyKeyExpiry(IServiceScopeFactory scopes, OnceOnlyDuties duties, TimeProvider time, ILogger<IdempotencyKeyExpiry> logger, IServiceProvider services)
    : SupervisedBackgroundService(services)
{
    public static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(10);

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SweepEvery, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!duties.IsHeld)
                continue;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var deleted = await scope.ServiceProvider.GetRequiredService<JobService>().ForgetExpiredIdempotencyKeysAsync(stoppingToken);
                if (deleted > 0)
                    logger.LogInformation("Forgot {Count} expired Idempotency-Key answer(s)", deleted);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Could not delete the expired Idempotency-Key answers; the next sweep tries again");
            }
        }
    }
}
