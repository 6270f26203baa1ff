namespace JobQueue.Dashboard.Monitor;

/// <summary>
/// Durations over a sliding window, kept as one log-scale histogram per second: memory and the cost of a
/// percentile stay fixed however many jobs a second finish (percentiles are exact to within 5%).
/// </summary>
public sealed class LatencyWindow(int seconds)
{
    private const int Buckets = 200;

    // Each bucket is 10% wider than the one before: 1 ms to about a day in 200 buckets.
    private static readonly double LogGrowth = Math.Log(1.1);

    private readonly int[][] _histograms = CreateHistograms(seconds);
    private readonly long[] _secondOfSlot = new long[seconds];

    public void Add(long second, TimeSpan duration)
    {
        var slot = Slot(second);
        if (_secondOfSlot[slot] != second)
        {
            Array.Clear(_histograms[slot]);
            _secondOfSlot[slot] = second;
        }
        _histograms[slot][Bucket(Math.Max(0, duration.TotalMilliseconds))]++;
    }

    public LatencySummary Summarize(long nowSecond)
    {
        var merged = new long[Buckets];
        long count = 0;
        for (var second = nowSecond - _histograms.Length + 1; second <= nowSecond; second++)
        {
            var slot = Slot(second);
            if (_secondOfSlot[slot] != second)
                continue;
            var histogram = _histograms[slot];
            for (var bucket = 0; bucket < Buckets; bucket++)
            {
                merged[bucket] += histogram[bucket];
                count += histogram[bucket];
            }
        }
        return count == 0 ? new LatencySummary(null, null, 0) : new LatencySummary(Percentile(merged, count, 0.50), Percentile(merged, count, 0.95), count);
    }

    private static double Percentile(long[] merged, long count, double quantile)
    {
        var rank = (long)Math.Ceiling(quantile * count);
        long seen = 0;
        for (var bucket = 0; bucket < Buckets; bucket++)
        {
            seen += merged[bucket];
            if (seen >= rank)
                return Representative(bucket);
        }
        return Representative(Buckets - 1);
    }

    private int Slot(long second) => (int)(((second % _histograms.Length) + _histograms.Length) % _histograms.Length);

    private static int Bucket(double milliseconds) =>
        milliseconds < 1 ? 0 : Math.Min(Buckets - 1, 1 + (int)(Math.Log(milliseconds) / LogGrowth));

    /// <summary>The geometric middle of a bucket; bucket 0 holds everything under a millisecond.</summary>
    private static double Representative(int bucket) => bucket == 0 ? 0.5 : Math.Exp((bucket - 0.5) * LogGrowth);

    private static int[][] CreateHistograms(int seconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seconds, 1);
        var histograms = new int[seconds][];
        for (var i = 0; i < seconds; i++)
            histograms[i] = new int[Buckets];
        return histograms;
    }
}
