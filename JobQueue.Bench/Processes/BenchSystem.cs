using System.Diagnostics;
using System.Reflection;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace JobQueue.Bench.Processes;

/// <summary>
/// The system under test: a running one (<c>--url</c>), or a dashboard and workers this benchmark starts from the
/// build output on a fresh SQLite file and a RabbitMQ vhost of their own, so nothing else on the broker competes
/// for their queues. Stopped and cleaned up on dispose.
/// </summary>
public sealed class BenchSystem : IAsyncDisposable
{
    private readonly List<(Process Process, string Name)> _started = [];
    private readonly List<StreamWriter> _logs = [];
    private readonly string? _directory;
    private readonly string? _vhost;
    private readonly BenchOptions _options;

    private BenchSystem(BenchOptions options, Uri url, string adminPassword, string rabbitMqUri, string? directory, string? vhost)
    {
        _options = options;
        Url = url;
        AdminPassword = adminPassword;
        RabbitMqUri = rabbitMqUri;
        _directory = directory;
        _vhost = vhost;
    }

    public Uri Url { get; }
    public string AdminEmail => _options.AdminEmail;
    public string AdminPassword { get; }

    /// <summary>The AMQP URI of the system's vhost; the raw broker benchmark uses it too.</summary>
    public string RabbitMqUri { get; }

    public bool StartedHere => _started.Count > 0;

    /// <summary>The dashboard and worker processes: the ones started here, or every one found on this machine.</summary>
    public IReadOnlyList<ProcessStats> ReadProcessStats() =>
        (StartedHere ? _started.Where(p => !p.Process.HasExited).Select(p => (p.Process.Id, p.Name)).ToList()
            : ProcessStats.FindJobQueueProcesses())
        .Select(p => ProcessStats.Read(p.Item1, p.Item2)).OfType<ProcessStats>().ToList();

    /// <summary>The dashboard process (the first one found when attached to a running system).</summary>
    public ProcessStats? ReadDashboardStats() => ReadProcessStats().FirstOrDefault(p => p.Name == "dashboard");

    public static async Task<BenchSystem> AttachOrStartAsync(BenchOptions options)
    {
        if (options.Url is not null)
            return new BenchSystem(options, options.Url, options.AdminPassword!, options.RabbitMqUri, null, null);

        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        var vhost = $"jobqueue-bench-{stamp}";
        await CreateVhostAsync(options, vhost);
        var directory = Directory.CreateTempSubdirectory("jobqueue-bench-").FullName;
        var rabbitMqUri = new UriBuilder(options.RabbitMqUri) { Path = "/" + Uri.EscapeDataString(vhost) }.Uri.ToString();
        var password = "Bench-" + Guid.NewGuid().ToString("N")[..12] + "!";
        var system = new BenchSystem(options, new Uri($"http://127.0.0.1:{options.Port}/"), password, rabbitMqUri, directory, vhost);
        try
        {
            await system.StartAsync();
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
        return system;
    }

    private async Task StartAsync()
    {
        // Otherwise a dashboard left over on the port answers the readiness check, and the run measures that one.
        if (!PortIsFree(_options.Port))
            throw new InvalidOperationException($"Port {_options.Port} is in use (a dashboard left over from another run?); stop it or pass --port.");
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["JOBQUEUE_RABBITMQ"] = RabbitMqUri,
            ["RabbitMq__Uri"] = RabbitMqUri,
        };
        var dashboard = Start("dashboard", BuildOutput("JobQueue.Dashboard"), ["--urls", Url.ToString().TrimEnd('/')], new(environment)
        {
            ["ConnectionStrings__JobQueue"] = $"Data Source={Path.Combine(_directory!, "jobqueue.db")}",
            ["JOBQUEUE_ADMIN_EMAIL"] = AdminEmail,
            ["JOBQUEUE_ADMIN_PASSWORD"] = AdminPassword,
            // A seeding run can outlast the 15-minute access token; the benchmark signs in once.
            ["Auth__TokenLifetime"] = "1.00:00:00",
            ["Auth__RefreshTokenLifetime"] = "1.00:00:00",
        });
        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (dashboard.HasExited)
                throw new InvalidOperationException($"The dashboard exited with {dashboard.ExitCode}; see {_directory}/dashboard.log.");
            try
            {
                if ((await http.GetAsync(new Uri("health/ready", UriKind.Relative))).IsSuccessStatusCode)
                    break;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"The dashboard was not ready within 60 s; see {_directory}/dashboard.log.");
            await Task.Delay(250);
        }
        for (var i = 1; i <= _options.Workers; i++)
            Start($"worker-{i}", BuildOutput("JobQueue.Worker"), [], new(environment) { ["Worker__Id"] = $"bench-worker-{i}" });
        Console.WriteLine($"Started a dashboard at {Url} and {_options.Workers} worker(s) on vhost {_vhost}; files in {_directory}");
    }

    private static bool PortIsFree(int port)
    {
        try
        {
            using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private Process Start(string name, string dll, string[] arguments, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        var process = Process.Start(start)!;
        var log = new StreamWriter(Path.Combine(_directory!, $"{name}.log")) { AutoFlush = true };
        _logs.Add(log);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _started.Add((process, name.StartsWith("worker", StringComparison.Ordinal) ? "worker" : name));
        return process;
    }

    /// <summary>The dll next to this benchmark's own build: same configuration, built with it (see the csproj).</summary>
    private static string BuildOutput(string project)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "JobQueue.sln")))
            root = root.Parent;
        if (root is null)
            throw new InvalidOperationException("Cannot find JobQueue.sln above the benchmark; run it from the repository.");
        var configuration = typeof(BenchSystem).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var dll = Path.Combine(root.FullName, project, "bin", configuration, "net10.0", project + ".dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"{dll} is missing; build the solution in {configuration}.");
    }

    private static (string User, string Password) BrokerCredentials(BenchOptions options)
    {
        var userInfo = new Uri(options.RabbitMqUri).UserInfo.Split(':');
        return (Uri.UnescapeDataString(userInfo[0]), Uri.UnescapeDataString(userInfo.ElementAtOrDefault(1) ?? ""));
    }

    private static HttpClient Management(BenchOptions options)
    {
        var (user, password) = BrokerCredentials(options);
        var http = new HttpClient { BaseAddress = options.ManagementUrl, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return http;
    }

    private static async Task CreateVhostAsync(BenchOptions options, string vhost)
    {
        using var http = Management(options);
        var (user, _) = BrokerCredentials(options);
        try
        {
            (await http.PutAsync(new Uri($"api/vhosts/{Uri.EscapeDataString(vhost)}", UriKind.Relative), null)).EnsureSuccessStatusCode();
            (await http.PutAsJsonAsync(new Uri($"api/permissions/{Uri.EscapeDataString(vhost)}/{Uri.EscapeDataString(user)}", UriKind.Relative),
                new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
        }
        catch (HttpRequestException ex)
        {
            throw new InvalidOperationException(
                $"Could not create the vhost {vhost} through the RabbitMQ management API at {options.ManagementUrl} ({ex.Message}). " +
                "Start RabbitMQ with its management plugin (./run.sh or scripts/broker.sh do), or pass --url of a running system.", ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (process, _) in Enumerable.Reverse(_started))
        {
            if (process.HasExited)
                continue;
            // SIGTERM: a graceful stop, as run.sh does.
            Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit();
        }
        foreach (var (process, _) in _started)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await process.WaitForExitAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
            process.Dispose();
        }
        foreach (var log in _logs)
        {
            lock (log)
                log.Dispose();
        }
        if (_vhost is not null)
        {
            using var http = Management(_options);
            await http.DeleteAsync(new Uri($"api/vhosts/{Uri.EscapeDataString(_vhost)}", UriKind.Relative));
        }
        if (_directory is not null)
        {
            if (_options.Keep)
                Console.WriteLine($"Kept the benchmark's database and logs in {_directory}");
            else
                Directory.Delete(_directory, recursive: true);
        }
    }
}
