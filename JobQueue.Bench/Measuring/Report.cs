using System.Globalization;
using JobQueue.Bench.Processes;

namespace JobQueue.Bench.Measuring;

/// <summary>Prints the figures as aligned lines and keeps them for the summary.</summary>
public static class Report
{
    public static void Section(string title) => Console.WriteLine($"\n== {title}");

    public static void Line(string name, FormattableString value) =>
        Console.WriteLine($"  {name,-34} {value.ToString(CultureInfo.InvariantCulture)}");

    public static void Processes(IReadOnlyList<ProcessStats> processes)
    {
        foreach (var group in processes.GroupBy(p => p.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            foreach (var process in group)
                Line($"{process.Name} (pid {process.Pid})",
                    $"peak working set {Mb(process.PeakWorkingSetBytes):0} MB, now {Mb(process.WorkingSetBytes):0} MB, CPU {process.CpuTime.TotalSeconds:0.0} s");
        }
    }

    /// <summary>
    /// The dashboard's CPU over a measured window, per job and as a share of a core: the figure the core issue's target
    /// (at most 0.25 ms per job) is about. Warm-up, startup and the benchmark's own work are outside the window.
    /// </summary>
    public static void DashboardCpu(ProcessStats? before, ProcessStats? after, int jobs, TimeSpan window)
    {
        if (before is null || after is null || jobs == 0)
            return;
        var cpu = after.CpuTime - before.CpuTime;
        var share = cpu.TotalSeconds / window.TotalSeconds;
        Line("dashboard CPU per job", $"{cpu.TotalMilliseconds / jobs:0.000} ms ({cpu.TotalSeconds:0.0} s for {jobs} jobs in {window.TotalSeconds:0.0} s: {share * 100:0}% of one core, {share * 100 / Environment.ProcessorCount:0}% of the machine)");
    }

    /// <summary>Where the machine's CPU went over a window, by process family (<see cref="ProcessStats.CpuByFamily"/>), per job and as a share of the machine.</summary>
    public static void CpuByFamily(Dictionary<string, TimeSpan> before, Dictionary<string, TimeSpan> after, int jobs, TimeSpan window)
    {
        var machine = window.TotalSeconds * Environment.ProcessorCount;
        var used = after.Sum(a => (a.Value - before.GetValueOrDefault(a.Key)).TotalSeconds);
        foreach (var (family, cpu) in after.Select(a => (a.Key, a.Value - before.GetValueOrDefault(a.Key))).OrderByDescending(f => f.Item2))
            Line($"  CPU: {family}", $"{cpu.TotalMilliseconds / jobs:0.000} ms per job, {cpu.TotalSeconds / machine * 100:0}% of the machine");
        Line("  CPU: all", $"{used / machine * 100:0}% of the machine ({used:0.0} of {machine:0.0} core-seconds)");
    }

    public static double Mb(long bytes) => bytes / 1024.0 / 1024.0;
}
