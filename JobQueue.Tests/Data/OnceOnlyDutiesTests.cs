using JobQueue.Dashboard.Leases;
using JobQueue.ServiceDefaults.Resilience;
using JobQueue.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace JobQueue.Tests.Data;

/// <summary>
/// The once-only duties' lease between two instances on one real database file, each on a fake clock of its own: one
/// holds it at a time, a holder that stops renewing (its clock stands still, as a dead process's would) is replaced
/// once its lease has expired and not before, and one that stops cleanly hands it over at the next try.
/// </summary>
public sealed class OnceOnlyDutiesTests : IAsyncLifetime
{
    private static readonly LeaseOptions Lease = new() { Duration = TimeSpan.FromSeconds(10), RenewInterval = TimeSpan.FromSeconds(2) };
    private MigratedSqliteFile _database = default!;

    public async Task InitializeAsync() =>
        _database = await MigratedSqliteFile.CreateAsync("lease", services => services.AddJobQueueResilience());

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private (OnceOnlyDuties Duties, FakeTimeProvider Clock) NewInstance()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        var duties = new OnceOnlyDuties(_database.Services.GetRequiredService<IServiceScopeFactory>(), new DashboardInstance(), Options.Create(Lease),
            clock, NullLogger<OnceOnlyDuties>.Instance, _database.Services);
        return (duties, clock);
    }

    private static Task<bool> WaitUntilAsync(Func<bool> condition, string what) =>
        Eventually.ReadAsync(() => Task.FromResult(condition()), done => done, what, TimeSpan.FromSeconds(10));

    /// <summary>Starts one instance until it holds the lease, then a second one, and waits for the second's first try.</summary>
    private async Task<((OnceOnlyDuties Duties, FakeTimeProvider Clock) First, (OnceOnlyDuties Duties, FakeTimeProvider Clock) Second)> StartTwoAsync()
    {
        var first = NewInstance();
        await first.Duties.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => first.Duties.IsHeld, "the first instance holding the lease");
        var second = NewInstance();
        await second.Duties.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => second.Duties.Tries >= 1, "the second instance's first try");
        return (first, second);
    }

    /// <summary>Moves an instance's clock on by one renew interval and waits until the try that starts has run.</summary>
    private static async Task TickAsync((OnceOnlyDuties Duties, FakeTimeProvider Clock) instance)
    {
        var tries = instance.Duties.Tries;
        instance.Clock.Advance(Lease.RenewInterval);
        await WaitUntilAsync(() => instance.Duties.Tries > tries, "the try at the next renew interval");
    }

    [Fact]
    public async Task TwoInstances_OneHoldsTheLease_TheOtherTakesItOnlyOnceItHasExpired()
    {
        var (firstInstance, secondInstance) = await StartTwoAsync();
        var (first, second) = (firstInstance.Duties, secondInstance.Duties);
        try
        {
            // Both renew every interval: the first keeps it.
            for (var i = 0; i < 3; i++)
            {
                await TickAsync(firstInstance);
                await TickAsync(secondInstance);
            }
            first.IsHeld.ShouldBeTrue();
            second.IsHeld.ShouldBeFalse();

            // The first stops renewing (its clock stands still at 12:00:06): its lease runs until 12:00:16. The second
            // tries at 12:00:08 ... 12:00:16 and finds it held, then at 12:00:18 takes it.
            for (var i = 0; i < 5; i++)
                await TickAsync(secondInstance);
            second.IsHeld.ShouldBeFalse("the lease had not expired yet");

            await TickAsync(secondInstance);
            await WaitUntilAsync(() => second.IsHeld, "the second instance taking the expired lease");
        }
        finally
        {
            await second.StopAsync(CancellationToken.None);
            await first.StopAsync(CancellationToken.None);
            first.Dispose();
            second.Dispose();
        }
    }

    [Fact]
    public async Task HolderStopsCleanly_TheOtherTakesTheLeaseAtItsNextTry()
    {
        var (firstInstance, secondInstance) = await StartTwoAsync();
        var (first, second) = (firstInstance.Duties, secondInstance.Duties);
        try
        {
            await TickAsync(secondInstance);
            second.IsHeld.ShouldBeFalse();

            await first.StopAsync(CancellationToken.None);
            first.IsHeld.ShouldBeFalse();
            await TickAsync(secondInstance);

            await WaitUntilAsync(() => second.IsHeld, "the second instance taking the lease given up");
        }
        finally
        {
            await second.StopAsync(CancellationToken.None);
            first.Dispose();
            second.Dispose();
        }
    }
}
