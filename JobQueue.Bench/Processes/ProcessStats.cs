using System.Globalization;

namespace JobQueue.Bench.Processes;

/// <summary>What Linux says about a process: peak resident memory and CPU time used.</summary>
public sealed record ProcessStats(int Pid, string Name, long PeakWorkingSetBytes, long WorkingSetBytes, TimeSpan CpuTime)
{
    private const double ClockTicksPerSecond = 100; // USER_HZ on Linux

    public static ProcessStats? Read(int pid, string name)
    {
        try
        {
            var status = File.ReadAllLines($"/proc/{pid}/status");
            long Kb(string key) => long.Parse(status.First(l => l.StartsWith(key, StringComparison.Ordinal))[key.Length..].Trim().Split(' ')[0],
                CultureInfo.InvariantCulture) * 1024;
            var ticks = CpuTicks(File.ReadAllText($"/proc/{pid}/stat"));
            return new ProcessStats(pid, name, Kb("VmHWM:"), Kb("VmRSS:"), TimeSpan.FromSeconds(ticks / ClockTicksPerSecond));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>User plus system CPU of a <c>/proc/PID/stat</c> line, in clock ticks.</summary>
    private static long CpuTicks(string stat)
    {
        // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// CPU time used so far by every process on this machine, added up by what it is: <c>dashboard</c>, <c>worker</c>,
    /// <c>bench</c> (this benchmark and its hub clients), <c>postgres</c> (the server and its backends), <c>rabbitmq</c>
    /// (the Erlang VM) and <c>other</c>. Two readings apart say where a window's CPU went.
    /// </summary>
    public static Dictionary<string, TimeSpan> CpuByFamily()
    {
        var ticks = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _))
                continue;
            try
            {
                var comm = File.ReadAllText(Path.Combine(dir, "comm")).Trim();
                var commandLine = File.ReadAllText(Path.Combine(dir, "cmdline"));
                var family = comm == "postgres" ? "postgres"
                    : comm.StartsWith("beam", StringComparison.Ordinal) ? "rabbitmq"
                    : commandLine.Contains("JobQueue.Dashboard", StringComparison.Ordinal) ? "dashboard"
                    : commandLine.Contains("JobQueue.Worker", StringComparison.Ordinal) ? "worker"
                    : commandLine.Contains("JobQueue.Bench", StringComparison.Ordinal) ? "bench"
                    : "other";
                ticks[family] = ticks.GetValueOrDefault(family) + CpuTicks(File.ReadAllText(Path.Combine(dir, "stat")));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile (a backend that ended): its time is lost to the count, which is small.
            }
        }
        return ticks.ToDictionary(t => t.Key, t => TimeSpan.FromSeconds(t.Value / ClockTicksPerSecond), StringComparer.Ordinal);
    }

    /// <summary>The JobQueue dashboard and worker processes running on this machine, found by their command lines.</summary>
    public static IReadOnlyList<(int Pid, string Name)> FindJobQueueProcesses()
    {
        var found = new List<(int, string)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
                continue;
            string commandLine;
            try
            {
                commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
            }
            catch (IOException)
            {
                continue;
            }
            if (commandLine.Contains("JobQueue.Dashboard", StringComparison.Ordinal))
                found.Add((pid, "dashboard"));
            else if (commandLine.Contains("JobQueue.Worker", StringComparison.Ordinal))
                found.Add((pid, "worker"));
        }
        return found;
    }
}
