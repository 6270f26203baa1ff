using JobQueue.Shared.Messaging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;

namespace JobQueue.Tests.Infrastructure;

/// <summary>
/// The real system for integration tests: RabbitMQ (started by test.sh), one or more dashboard processes on a
/// database of this system's own (a SQLite file, or a throwaway PostgreSQL database) each on its own port, and two
/// worker processes consuming a queue of this run's own, all on a RabbitMQ vhost of this system's own, so systems that
/// run side by side never see each other's jobs, events or dead letters.
/// </summary>
public class JobQueueSystem : IAsyncLifetime
{
    public const string AdminEmail = "admin@jobqueue.test";
    public const string AdminPassword = "Admin-Passw0rd";

    private readonly List<ManagedProcess> _processes = [];
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("jobqueue-tests-").FullName;
    private readonly string _runId = Guid.NewGuid().ToString("N")[..8];
    private readonly List<ManagedProcess> _dashboards = [];
    private readonly List<Uri> _dashboardUrls = [];
    private Dictionary<string, string> _dashboardEnvironment = [];
    private int _dashboardStarts;

    /// <summary>The first dashboard's address.</summary>
    public Uri DashboardUrl => DashboardUrls[0];

    /// <summary>Every dashboard's address, in the order they were started.</summary>
    public IReadOnlyList<Uri> DashboardUrls
    {
        get
        {
            if (_dashboardUrls.Count == 0)
                _dashboardUrls.AddRange(Enumerable.Range(0, Dashboards).Select(_ => new Uri($"http://127.0.0.1:{FreePort.Next()}")));
            return _dashboardUrls;
        }
    }

    /// <summary>How many dashboards share the database and the broker (more than one needs <see cref="TestDatabase.Postgres"/>).</summary>
    public int Dashboards { get; init; } = 1;

    /// <summary>
    /// Starts every dashboard at the same moment on the fresh database, as docker-compose does, so they migrate it side
    /// by side (EF Core's migration lock keeps one at a time); otherwise the first migrates it alone.
    /// </summary>
    public bool DashboardsStartTogether { get; init; }

    /// <summary>The database every dashboard of this system uses.</summary>
    public TestDatabase Database { get; init; } = TestDatabase.Sqlite;

    /// <summary>The PostgreSQL database's connection string, once started with <see cref="TestDatabase.Postgres"/>.</summary>
    public string? PostgresConnectionString { get; private set; }

    /// <summary>The RabbitMQ this system runs on: the tests' broker, or a cluster (its nodes go to every process).</summary>
    public TestBroker RabbitMq { get; init; } = TestBroker.Default;

    /// <summary>This system's vhost on the tests' broker.</summary>
    public string VirtualHost => $"jobqueue-test-{_runId}";

    /// <summary>
    /// The AMQP URI every process of this system uses: with the vhost as its path, or, with
    /// <see cref="VirtualHostBySetting"/>, without one (the vhost then comes from <c>RabbitMq:VirtualHost</c>).
    /// </summary>
    public string RabbitMqUri => VirtualHostBySetting ? RabbitMq.AmqpUri : RabbitMq.UriOf(VirtualHost);

    /// <summary>Gives the processes their vhost as the <c>RabbitMq:VirtualHost</c> setting instead of in the URI.</summary>
    public bool VirtualHostBySetting { get; init; }

    /// <summary>The queue the two standing workers consume.</summary>
    public string Queue => $"it-{_runId}";

    /// <summary>The first dashboard.</summary>
    public ManagedProcess Dashboard => DashboardAt(0);

    public ManagedProcess DashboardAt(int index)
    {
        lock (_processes)
            return _dashboards[index];
    }

    /// <summary>The dashboard's SQLite file.</summary>
    public string DatabasePath => Path.Combine(_dataDirectory, "jobqueue.db");

    /// <summary>More configuration for the dashboard, as environment variables (<c>Section__Key</c>).</summary>
    public IReadOnlyDictionary<string, string> DashboardSettings { get; init; } = new Dictionary<string, string>();

    /// <summary>The delivery limit of this system's broker policy; null for the default of scripts/broker.sh.</summary>
    public int? DeliveryLimit { get; init; }

    /// <summary>More of the SQLite connection string, e.g. <c>;Default Timeout=2</c>.</summary>
    public string DatabaseOptions { get; init; } = "";
    public RabbitMqConnection Broker { get; private set; } = null!;
    public ConfirmingPublisher Publisher { get; private set; } = null!;

    /// <summary>
    /// A new queue, created as an admin does, that no worker consumes: jobs sent there wait until a test feeds them
    /// events or starts a worker.
    /// </summary>
    public async Task<string> NewQueueAsync(string purpose)
    {
        var queue = $"{purpose}-{_runId}-{Guid.NewGuid().ToString("N")[..6]}";
        using var admin = await SignInAsAdminAsync();
        await admin.CreateQueueAsync(queue);
        return queue;
    }

    public async Task InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch
        {
            // xunit does not dispose a fixture whose initialisation failed; stop what did start.
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync()
    {
        if (RabbitMq == TestBroker.LocalCluster)
            await LocalCluster.EnsureStartedAsync();
        await BrokerAdmin.CreateVhostAsync(VirtualHost, RabbitMq);
        await BrokerAdmin.ApplyPoliciesAsync(VirtualHost, DeliveryLimit, RabbitMq);
        var options = Options.Create(new RabbitMqOptions { Uri = RabbitMq.UriOf(VirtualHost), Nodes = [.. RabbitMq.Nodes] });
        Broker = new RabbitMqConnection(options, NullLogger<RabbitMqConnection>.Instance, "jobqueue-tests", ResiliencePipeline.Empty);
        Publisher = new ConfirmingPublisher(Broker, options);

        if (Database == TestDatabase.Postgres)
            PostgresConnectionString = await PostgresDatabases.CreateAsync(_runId);
        else if (Dashboards > 1)
            throw new InvalidOperationException("Several dashboards share a database server: use TestDatabase.Postgres.");
        _dashboardEnvironment = new Dictionary<string, string>
        {
            ["ConnectionStrings__JobQueue"] = PostgresConnectionString ?? $"Data Source={DatabasePath}{DatabaseOptions}",
            ["Database__Provider"] = Database == TestDatabase.Postgres ? "Postgres" : "Sqlite",
            ["JOBQUEUE_ADMIN_EMAIL"] = AdminEmail,
            ["JOBQUEUE_ADMIN_PASSWORD"] = AdminPassword,
            ["JOBQUEUE_RABBITMQ"] = RabbitMqUri,
            ["Jobs__OutboxSweepInterval"] = "00:00:01",
            ["Jobs__OutboxGracePeriod"] = "00:00:02",
            // Recurring occurrences more than 3 s late were missed (a restart in a test is one): the missed policy decides.
            ["Jobs__RecurringCatchUp"] = "00:00:03",
            // The recurring tests' jobs run every second or two, as users': the operator allows it here. The default
            // (a minute) has a test of its own (UserLimitsTests).
            ["Jobs__MinRecurringInterval"] = "00:00:01",
            // Every test signs in from 127.0.0.1, some with wrong passwords on purpose; the per-address limit has a test of its own.
            ["Auth__FailuresPerAddress"] = "100000",
        };
        AddBrokerSettings(_dashboardEnvironment);
        foreach (var (key, value) in DashboardSettings)
            _dashboardEnvironment[key] = value;
        // The first one migrates the database alone (unless they start together); the others start on a migrated one.
        var first = DashboardsStartTogether ? Dashboards : 1;
        for (var i = 0; i < first; i++)
            StartDashboard(i);
        await Task.WhenAll(Enumerable.Range(0, first).Select(WaitUntilReadyAsync));
        for (var i = first; i < Dashboards; i++)
            StartDashboard(i);
        await Task.WhenAll(Enumerable.Range(first, Dashboards - first).Select(WaitUntilReadyAsync));
        using (var admin = await SignInAsAdminAsync())
            await admin.CreateQueueAsync(Queue);
        await Task.WhenAll(StartWorkerAsync(Queue, "worker-1"), StartWorkerAsync(Queue, "worker-2"));
        // Jobs can be submitted only of the types the workers advertised: every dashboard knows them before a test starts.
        await Task.WhenAll(DashboardUrls.Select(url => WaitForJobTypesAsync(url, BuiltInJobTypes)));
    }

    /// <summary>The types the standing workers run and advertise.</summary>
    public static readonly string[] BuiltInJobTypes = ["fibonacci_calc", "reverse_string", "sleep", "uppercase_text"];

    /// <summary>Waits until the dashboard at <paramref name="url"/> lists every one of <paramref name="types"/> in its catalog.</summary>
    public static async Task<List<JobQueue.Dashboard.JobTypes.JobTypeDto>> WaitForJobTypesAsync(Uri url, IReadOnlyCollection<string> types, TimeSpan? timeout = null,
        string adminPassword = AdminPassword)
    {
        using var admin = await ApiClient.SignInAsync(url, AdminEmail, adminPassword);
        return await Eventually.ReadAsync(admin.GetJobTypesAsync, known => types.All(t => known.Any(k => k.Name == t)),
            $"the job types {string.Join(", ", types)} in the catalog of {url}", timeout ?? TimeSpan.FromSeconds(30));
    }

    /// <param name="dll">The worker program: JobQueue's own (the default), or a team's own such as <see cref="TestPaths.WordCountWorkerDll"/>.</param>
    public async Task<ManagedProcess> StartWorkerAsync(string queue, string id, IReadOnlyDictionary<string, string>? settings = null, string? dll = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["JOBQUEUE_RABBITMQ"] = RabbitMqUri,
            ["Worker__Id"] = $"{id}-{_runId}",
            ["Worker__Queues__0"] = queue,
            ["Worker__HeartbeatInterval"] = "00:00:01",
        };
        AddBrokerSettings(environment);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            environment[key] = value;
        var worker = Start($"{id}-{_runId}", dll ?? TestPaths.WorkerDll, environment);
        await worker.WaitForOutputAsync($"Consuming {Topology.JobQueueName(queue)}", TimeSpan.FromSeconds(60));
        return worker;
    }

    public string WorkerId(string id) => $"{id}-{_runId}";

    /// <summary>A worker this system started, by the id it was started with.</summary>
    public ManagedProcess Worker(string id) => WorkerById(WorkerId(id));

    /// <summary>A worker this system started, by the id its heartbeats carry.</summary>
    public ManagedProcess WorkerById(string workerId)
    {
        lock (_processes)
            return _processes.Single(p => p.Name == workerId);
    }

    /// <summary>A crash and a restart: SIGKILL, then the same dashboard (same database, same port) started again.</summary>
    public async Task RestartDashboardAsync(int index = 0)
    {
        await KillDashboardAsync(index);
        StartDashboard(index);
        await WaitUntilReadyAsync(index);
    }

    /// <summary>A crash: SIGKILL of one dashboard, which stays down.</summary>
    public async Task KillDashboardAsync(int index)
    {
        var old = DashboardAt(index);
        old.Kill();
        await old.DisposeAsync();
    }

    /// <summary>The dashboards (by index) whose instance holds an unexpired once-only duties' lease, read from the PostgreSQL database.</summary>
    public async Task<List<int>> DutiesHoldersAsync()
    {
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(PostgresConnectionString!);
        await using var command = dataSource.CreateCommand("""SELECT "Holder" FROM "Leases" WHERE "Name" = $1 AND "ExpiresAt" > now()""");
        command.Parameters.AddWithValue(JobQueue.Dashboard.Leases.OnceOnlyDuties.LeaseName);
        var holders = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            // Each dashboard logs its instance id when it takes the duties.
            var holder = reader.GetString(0);
            holders.AddRange(Enumerable.Range(0, Dashboards).Where(i => DashboardAt(i).Output.Contains($"({holder})", StringComparison.Ordinal)));
        }
        return holders;
    }

    /// <summary>The one dashboard that holds the once-only duties, once there is one.</summary>
    public async Task<int> DutiesHolderAsync() =>
        (await Eventually.ReadAsync(DutiesHoldersAsync, h => h.Count == 1, "one holder of the once-only duties", TimeSpan.FromSeconds(30)))[0];

    private void StartDashboard(int index)
    {
        var environment = new Dictionary<string, string>(_dashboardEnvironment)
        {
            ["ASPNETCORE_URLS"] = DashboardUrls[index].ToString().TrimEnd('/'),
            // A home of its own, as on a machine of its own: nothing (such as ~/.aspnet's key ring) is shared through it.
            ["HOME"] = Directory.CreateDirectory(Path.Combine(_dataDirectory, $"home-{index}")).FullName,
        };
        var process = Start($"dashboard-{_runId}-{index}-{++_dashboardStarts}", TestPaths.DashboardDll, environment);
        lock (_processes)
        {
            if (index < _dashboards.Count)
                _dashboards[index] = process;
            else
                _dashboards.Add(process);
        }
    }

    private void AddBrokerSettings(Dictionary<string, string> environment)
    {
        if (VirtualHostBySetting)
            environment["RabbitMq__VirtualHost"] = VirtualHost;
        if (RabbitMq == TestBroker.LocalCluster)
        {
            // The figures from whichever node's management API answers, as run.sh sets it for the local cluster.
            for (var i = 0; i < RabbitMq.Nodes.Count; i++)
                environment[$"QueueStats__ManagementUrls__{i}"] = $"http://localhost:{15701 + i}/";
        }
        for (var i = 0; i < RabbitMq.Nodes.Count; i++)
            environment[$"RabbitMq__Nodes__{i}"] = RabbitMq.Nodes[i];
    }

    public Task<ApiClient> SignInAsync(string email, string password) => ApiClient.SignInAsync(DashboardUrl, email, password);

    public Task<ApiClient> SignInAsAdminAsync() => SignInAsync(AdminEmail, AdminPassword);

    /// <summary>Creates a User-role account through the admin API and signs it in.</summary>
    public async Task<ApiClient> NewUserAsync()
    {
        var email = $"user-{Guid.NewGuid():N}@jobqueue.test";
        const string password = "User-Passw0rd";
        using var admin = await SignInAsAdminAsync();
        await admin.CreateUserAsync(email, password, "User");
        return await SignInAsync(email, password);
    }

    private ManagedProcess Start(string name, string dll, Dictionary<string, string> environment)
    {
        var process = ManagedProcess.Start(name, dll, environment);
        lock (_processes)
            _processes.Add(process);
        return process;
    }

    private async Task WaitUntilReadyAsync(int index)
    {
        using var http = new HttpClient { BaseAddress = DashboardUrls[index] };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                if ((await http.GetAsync(new Uri("/health/ready", UriKind.Relative))).IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            var dashboard = DashboardAt(index);
            if (dashboard.HasExited || DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"The dashboard did not become ready. Log: {dashboard.LogPath}\n{dashboard.Output}");
            await Task.Delay(200);
        }
    }

    public async Task DisposeAsync()
    {
        List<ManagedProcess> processes;
        lock (_processes)
            processes = [.. _processes];
        List<ManagedProcess> dashboards;
        lock (_processes)
            dashboards = [.. _dashboards];
        // Workers first, so they can still report to a running dashboard while they drain.
        foreach (var process in processes.Where(p => !dashboards.Contains(p)))
            await process.DisposeAsync();
        foreach (var dashboard in dashboards)
            await dashboard.DisposeAsync();
        if (Publisher is not null)
            await Publisher.DisposeAsync();
        if (Broker is not null)
            await Broker.DisposeAsync();
        // Its queues are durable; left behind, they would pile up in the broker run after run.
        await BrokerAdmin.DeleteVhostAsync(VirtualHost, RabbitMq);
        if (PostgresConnectionString is not null)
            await PostgresDatabases.DropAsync(PostgresConnectionString);
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
