using Microsoft.AspNetCore.Identity;

namespace JobQueue.Dashboard.Identity;

/// <summary>The outcome of checking an email and password.</summary>
public abstract record SignInCheck
{
    /// <summary>The one message for a wrong email, a wrong password, a locked and a disabled account alike.</summary>
    public const string RefusedMessage = "The email or password is wrong, or this account may not sign in from here right now "
        + "(after repeated failed attempts it must wait a few minutes).";

    public sealed record Passed(IdentityUser User) : SignInCheck;

    /// <summary>Wrong email or password, or an account locked or disabled: one answer for all, in about the same time.</summary>
    public sealed record Refused : SignInCheck;

    /// <summary>Too many failed sign-ins from this address: 429.</summary>
    public sealed record Throttled(TimeSpan RetryAfter) : SignInCheck;

    /// <summary>Too many password checks waiting already: 503, so sign-ins cannot starve everything else.</summary>
    public sealed record Busy : SignInCheck;
}
