using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using JobQueue.Bench.Api;
using Npgsql;

namespace JobQueue.Bench.Processes;

/// <summary>
/// The system under test: a running one (<c>--url</c>), or dashboards and workers this benchmark starts from the
/// build output on a fresh database (a SQLite file, or a throwaway PostgreSQL database) and a RabbitMQ vhost of their
/// own, so nothing else on the broker competes for their queues. Stopped and cleaned up on dispose.
/// </summary>
public sealed class BenchSystem : IAsyncDisposable
{
    private readonly List<(Process Process, string Name)> _started = [];
    private readonly List<StreamWriter> _logs = [];
    private readonly string? _directory;
    private readonly string? _vhost;
    private readonly BenchOptions _options;
    private string? _postgres;

    private BenchSystem(BenchOptions options, IReadOnlyList<Uri> urls, string adminPassword, string rabbitMqUri, string? directory, string? vhost)
    {
        _options = options;
        Urls = urls;
        AdminPassword = adminPassword;
        RabbitMqUri = rabbitMqUri;
        _directory = directory;
        _vhost = vhost;
    }

    /// <summary>The first dashboard: the one the benchmark counts and reads through.</summary>
    public Uri Url => Urls[0];

    /// <summary>Every dashboard of the system; submits go to each in turn.</summary>
    public IReadOnlyList<Uri> Urls { get; }
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

    /// <summary>The dashboards' CPU and memory, added up over every dashboard process (one, unless --dashboards).</summary>
    public ProcessStats? ReadDashboardStats()
    {
        var dashboards = ReadProcessStats().Where(p => p.Name == "dashboard").ToList();
        return dashboards.Count == 0 ? null : new ProcessStats(dashboards[0].Pid, "dashboard",
            dashboards.Sum(d => d.PeakWorkingSetBytes), dashboards.Sum(d => d.WorkingSetBytes),
            TimeSpan.FromTicks(dashboards.Sum(d => d.CpuTime.Ticks)));
    }

    public static async Task<BenchSystem> AttachOrStartAsync(BenchOptions options)
    {
        if (options.Url is not null)
            return new BenchSystem(options, [options.Url], options.AdminPassword!, options.RabbitMqUri, null, null);

        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        var vhost = $"jobqueue-bench-{stamp}";
        await CreateVhostAsync(options, vhost);
        var directory = Directory.CreateTempSubdirectory("jobqueue-bench-").FullName;
        var rabbitMqUri = new UriBuilder(options.RabbitMqUri) { Path = "/" + Uri.EscapeDataString(vhost) }.Uri.ToString();
        var password = "Bench-" + Guid.NewGuid().ToString("N")[..12] + "!";
        var urls = Enumerable.Range(0, options.Dashboards).Select(i => new Uri($"http://127.0.0.1:{options.Port + i}/")).ToList();
        var system = new BenchSystem(options, urls, password, rabbitMqUri, directory, vhost);
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
        foreach (var url in Urls.Where(u => !PortIsFree(u.Port)))
            throw new InvalidOperationException($"Port {url.Port} is in use (a dashboard left over from another run?); stop it or pass --port.");
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["JOBQUEUE_RABBITMQ"] = RabbitMqUri,
            ["RabbitMq__Uri"] = RabbitMqUri,
        };
        var dashboardEnvironment = new Dictionary<string, string>(environment)
        {
            ["JOBQUEUE_ADMIN_EMAIL"] = AdminEmail,
            ["JOBQUEUE_ADMIN_PASSWORD"] = AdminPassword,
            // A seeding run can outlast the 15-minute access token; the benchmark signs in once.
            ["Auth__TokenLifetime"] = "1.00:00:00",
            ["Auth__RefreshTokenLifetime"] = "1.00:00:00",
        };
        if (_options.Database == BenchDatabase.Postgres)
        {
            _postgres = await CreatePostgresDatabaseAsync(_options.PostgresServer!);
            dashboardEnvironment["Database__Provider"] = "Postgres";
            dashboardEnvironment["ConnectionStrings__JobQueue"] = _postgres;
        }
        else
        {
            dashboardEnvironment["ConnectionStrings__JobQueue"] = $"Data Source={Path.Combine(_directory!, "jobqueue.db")}";
        }
        // The first migrates the database; the others start on it once it answers.
        for (var i = 0; i < Urls.Count; i++)
        {
            var name = i == 0 ? "dashboard" : $"dashboard-{i + 1}";
            var dashboard = Start(name, BuildOutput("JobQueue.Dashboard"), ["--urls", Urls[i].ToString().TrimEnd('/')], new(dashboardEnvironment)
            {
                // A home of its own, as on a machine of its own: only the database shares the instances' keys.
                ["HOME"] = Directory.CreateDirectory(Path.Combine(_directory!, $"home-{i + 1}")).FullName,
            });
            await WaitUntilReadyAsync(Urls[i], dashboard, name);
        }
        for (var i = 1; i <= _options.Workers; i++)
            Start($"worker-{i}", BuildOutput("JobQueue.Worker"), [], new(environment) { ["Worker__Id"] = $"bench-worker-{i}" });
        // A job type is known once a worker advertised it: every dashboard must know reverse_string before jobs are sent.
        foreach (var url in Urls)
        {
            using var api = await BenchApi.SignInAsync(url, AdminEmail, AdminPassword);
            await api.WaitForJobTypeAsync("reverse_string", TimeSpan.FromSeconds(60));
        }
        Console.WriteLine($"Started {Urls.Count} dashboard(s) at {string.Join(", ", Urls)} on {_options.Database} and {_options.Workers} worker(s) "
            + $"on vhost {_vhost}; files in {_directory}");
    }

    private async Task WaitUntilReadyAsync(Uri url, Process dashboard, string name)
    {
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (dashboard.HasExited)
                throw new InvalidOperationException($"The dashboard exited with {dashboard.ExitCode}; see {_directory}/{name}.log.");
            try
            {
                if ((await http.GetAsync(new Uri("health/ready", UriKind.Relative))).IsSuccessStatusCode)
                    return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"The dashboard at {url} was not ready within 60 s; see {_directory}/{name}.log.");
            await Task.Delay(250);
        }
    }

    private static async Task<string> CreatePostgresDatabaseAsync(string server)
    {
        var builder = new NpgsqlConnectionStringBuilder(server);
        if (string.IsNullOrEmpty(builder.Database))
            builder.Database = "postgres";
        var name = $"jq_bench_{DateTime.UtcNow:yyyyMMdd_HHmmss}";
        await using var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        await using (var create = dataSource.CreateCommand($"CREATE DATABASE \"{name}\""))
            await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Database = name }.ConnectionString;
    }

    private static async Task DropPostgresDatabaseAsync(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var name = builder.Database;
        builder.Database = "postgres";
        NpgsqlConnection.ClearAllPools();
        await using var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        await using var drop = dataSource.CreateCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        await drop.ExecuteNonQueryAsync();
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
        _started.Add((process, name.StartsWith("worker", StringComparison.Ordinal) ? "worker"
            : name.StartsWith("dashboard", StringComparison.Ordinal) ? "dashboard" : name));
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
        if (_postgres is not null)
        {
            if (_options.Keep)
                Console.WriteLine($"Kept the benchmark's PostgreSQL database: {new NpgsqlConnectionStringBuilder(_postgres).Database}");
            else
                await DropPostgresDatabaseAsync(_postgres);
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
