using System.Globalization;
using System.Numerics;
using JobQueue.Shared.JobTypes;

namespace JobQueue.Worker.Handlers;

public sealed class FibonacciHandler : IJobHandler
{
    public string JobType => JobTypeNames.FibonacciCalc;

    public Task<string> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        if (FibonacciPayload.TryRead(context.Payload, out var n) is { } error)
            throw new InvalidPayloadException(error);
        return Task.FromResult(Fibonacci(n).ToString(CultureInfo.InvariantCulture));
    }

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
