using System.Security.Cryptography;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace JobQueue.Dashboard.Identity;

/// <summary>
/// What sign-in remembers between attempts, on this instance: failed sign-ins per client address (past
/// <see cref="AuthOptions.FailuresPerAddress"/> in <see cref="AuthOptions.FailureWindow"/>, that address gets 429), failed
/// sign-ins per account and address (past <see cref="AuthOptions.FailuresPerAccount"/>, that address may not try that
/// account until the window has passed, though the account's owner elsewhere still can: nobody can lock anyone else
/// out), and how many password checks run at once.
/// </summary>
public sealed class LoginThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failuresPerAddress;
    private readonly PartitionedRateLimiter<string> _failuresPerAccount;
    private readonly ConcurrencyLimiter _passwordChecks;
    private readonly TimeSpan _segment;

    public LoginThrottle(IOptions<AuthOptions> options, IOptions<PasswordHasherOptions> hashing)
    {
        var o = options.Value;
        DecoyHash = new PasswordHasher<IdentityUser>(hashing).HashPassword(new IdentityUser(), Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)));
        _segment = o.FailureWindow / SegmentsPerWindow;
        _failuresPerAddress = SlidingWindow(o.FailuresPerAddress, o.FailureWindow);
        _failuresPerAccount = SlidingWindow(o.FailuresPerAccount, o.FailureWindow);
        _passwordChecks = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = o.ConcurrentPasswordChecks,
            QueueLimit = 50 * o.ConcurrentPasswordChecks,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>A hash made at start with the same settings as real ones, to check a password against when there is no account.</summary>
    public string DecoyHash { get; }

    /// <returns>null when the address may try to sign in, else how long it must wait.</returns>
    public TimeSpan? AddressBlocked(string address) => Blocked(_failuresPerAddress, address);

    public bool AccountBlocked(string userId, string address) => Blocked(_failuresPerAccount, AccountKey(userId, address)) is not null;

    public void Failed(string address, string? userId)
    {
        _failuresPerAddress.AttemptAcquire(address).Dispose();
        if (userId is not null)
            _failuresPerAccount.AttemptAcquire(AccountKey(userId, address)).Dispose();
    }

    /// <summary>A place among the password checks running at once; not acquired when too many wait already.</summary>
    public ValueTask<RateLimitLease> PasswordCheckAsync(CancellationToken cancellationToken) => _passwordChecks.AcquireAsync(1, cancellationToken);

    private TimeSpan? Blocked(PartitionedRateLimiter<string> limiter, string key)
    {
        // Asking for no permit says whether any is left, without taking one; a failure frees up when its segment of the window passes.
        using var lease = limiter.AttemptAcquire(key, 0);
        if (lease.IsAcquired)
            return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) && retryAfter > TimeSpan.Zero ? retryAfter : _segment;
    }

    private static string AccountKey(string userId, string address) => $"{userId}|{address}";

    private const int SegmentsPerWindow = 10;

    private static PartitionedRateLimiter<string> SlidingWindow(int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetSlidingWindowLimiter(key, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            SegmentsPerWindow = SegmentsPerWindow,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    public void Dispose()
    {
        _failuresPerAddress.Dispose();
        _failuresPerAccount.Dispose();
        _passwordChecks.Dispose();
    }
}
