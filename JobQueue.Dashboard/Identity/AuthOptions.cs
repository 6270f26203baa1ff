namespace JobQueue.Dashboard.Identity;

/// <summary>The <c>Auth</c> section: token lifetimes, how soon revoked access ends, and how sign-in resists automation.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>How long a bearer access token from <c>/api/auth/login</c> or <c>/api/auth/refresh</c> is accepted.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a refresh token can be traded for new tokens (each trade checks the user again).</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How long a session's check against the user's current state is trusted: the longest a revoked token, cookie,
    /// circuit or hub connection keeps working on another dashboard instance. On the instance that revoked it, it ends at once.
    /// </summary>
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Failed sign-ins one client address may make within <see cref="FailureWindow"/>; after that, 429.</summary>
    public int FailuresPerAddress { get; set; } = 20;

    /// <summary>Failed sign-ins to one account from one address within <see cref="FailureWindow"/> before that address may not try it.</summary>
    public int FailuresPerAccount { get; set; } = 5;

    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Password checks (deliberately slow hashes) at once; more wait, and past a queue get 503, so sign-ins cannot starve the rest.</summary>
    public int ConcurrentPasswordChecks { get; set; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>Origins besides the dashboard's own whose pages may open the hub or a circuit with a cookie.</summary>
    public string[] AllowedOrigins { get; set; } = [];
}
