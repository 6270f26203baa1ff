using System.Globalization;
using System.Numerics;

namespace JobQueue.Tests.Infrastructure;

/// <summary>Expected results computed independently of the code under test.</summary>
public static class Expected
{
    /// <summary>F(n) by plain iteration of the recurrence (the worker uses fast doubling).</summary>
    public static string Fibonacci(int n)
    {
        BigInteger a = 0, b = 1;
        for (var i = 0; i < n; i++)
            (a, b) = (b, a + b);
        return a.ToString(CultureInfo.InvariantCulture);
    }
}
