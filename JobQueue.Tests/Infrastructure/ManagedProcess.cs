using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace JobQueue.Tests.Infrastructure;

/// <summary>A real JobQueue process (dashboard or worker) started from its build output, with its output kept in a log file.</summary>
public sealed class ManagedProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly ConcurrentQueue<string> _lines = new();
    private int _disposed;

    /// <summary>Children must not outlive a test host that dies without cleaning up: they would consume its queues.</summary>
    private static readonly ConcurrentDictionary<ManagedProcess, byte> Live = new();

    static ManagedProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var process in Live.Keys)
            process.Kill();
    };

    private ManagedProcess(string name, Process process, string logPath)
    {
        Name = name;
        _process = process;
        LogPath = logPath;
        _log = new StreamWriter(logPath, append: false, Encoding.UTF8) { AutoFlush = true };
    }

    public string Name { get; }
    public string LogPath { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public string Output => string.Join('\n', _lines);

    public static ManagedProcess Start(string name, string dllPath, IReadOnlyDictionary<string, string> environment)
    {
        if (!File.Exists(dllPath))
            throw new FileNotFoundException($"{dllPath} is missing: build the solution first.", dllPath);
        return StartCommand(name, "dotnet", [dllPath], Path.GetDirectoryName(dllPath)!, environment);
    }

    /// <summary>Any program, e.g. <c>bash run.sh</c>.</summary>
    public static ManagedProcess StartCommand(string name, string fileName, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
            start.Environment[key] = value;

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var managed = new ManagedProcess(name, process, Path.Combine(TestPaths.LogDirectory, $"{name}.log"));
        process.OutputDataReceived += (_, e) => managed.Append(e.Data);
        process.ErrorDataReceived += (_, e) => managed.Append(e.Data);
        process.Exited += (_, _) => managed.Append($"[{name} exited with code {process.ExitCode}]");
        process.Start();
        Live.TryAdd(managed, 0);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return managed;
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        _lines.Enqueue(line);
        lock (_log)
            _log.WriteLine(line);
    }

    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!_lines.Any(l => l.Contains(text, StringComparison.Ordinal)))
        {
            if (_process.HasExited && !await PrintedAfterExitAsync(text))
                throw new InvalidOperationException($"{Name} exited ({_process.ExitCode}) before printing '{text}'. Log: {LogPath}\n{Output}");
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{Name} did not print '{text}' within {timeout}. Log: {LogPath}\n{Output}");
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Whether <paramref name="text"/> came with the last of the output: a process can be seen exited before its output
    /// is read to the end, and before its Exited event has added its exit line.
    /// </summary>
    private async Task<bool> PrintedAfterExitAsync(string text)
    {
        _process.WaitForExit();
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(2);
        while (!_lines.Any(l => l.Contains(text, StringComparison.Ordinal)))
        {
            if (DateTime.UtcNow > until || _lines.Any(l => l.StartsWith($"[{Name} exited with code", StringComparison.Ordinal)))
                return _lines.Any(l => l.Contains(text, StringComparison.Ordinal));
            await Task.Delay(20);
        }
        return true;
    }

    /// <summary>A crash: SIGKILL, no chance to clean up.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>What `docker stop` or a service manager does: SIGTERM, then wait.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
            return;
        using (var kill = Process.Start("kill", ["-TERM", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"{Name} did not stop within {timeout} of SIGTERM. Log: {LogPath}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        Live.TryRemove(this, out _);
        try
        {
            await StopAsync(TimeSpan.FromSeconds(20));
        }
        catch (TimeoutException)
        {
            // Already killed; the log says what it was doing.
        }
        _process.Dispose();
        lock (_log)
            _log.Dispose();
    }
}
