using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Numerics;

namespace JobQueue.Worker.Handlers.BuiltIn;

/// <summary>The payload is a whole number n, 0 &lt;= n &lt;= <see cref="MaxN"/>; the result is F(n) in decimal (F(10000) has 2,090 digits).</summary>
[JobType(JobTypeNames.FibonacciCalc, Description = "Computes F(n) exactly, 0 <= n <= 10000", TimeoutSeconds = 60)]
public sealed class FibonacciHandler : IJobHandler<int, string>
{
    public const int MaxN = 10_000;

    public Task<string> RunAsync([Display(Name = "n"), Range(0, MaxN)] int n, JobContext context, CancellationToken cancellationToken) =>
        Task.FromResult(Fibonacci(n).ToString(CultureInfo.InvariantCulture));

    /// <summary>F(n) by fast doubling: F(2k) = F(k)(2F(k+1) - F(k)), F(2k+1) = F(k)^2 + F(k+1)^2.</summary>
    public static BigInteger Fibonacci(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        BigInteger a = 0, b = 1; // F(k), F(k+1) for the prefix of n's bits read so far
        for (var bit = 31 - BitOperations.LeadingZeroCount((uint)n); bit >= 0; bit--)
        {
            var doubled = a * ((b << 1) - a);
            var doubledPlusOne = (a * a) + (b * b);
            (a, b) = ((n >> bit) & 1) == 0 ? (doubled, doubledPlusOne) : (doubledPlusOne, doubled + doubledPlusOne);
        }
        return a;
    }
}
