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

    public static double Mb(long bytes) => bytes / 1024.0 / 1024.0;
}
