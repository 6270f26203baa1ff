using System.Globalization;

namespace JobQueue.Bench;

public enum BenchMode
{
    Raw,
    EndToEnd,
    Live,
    List,
    Delayed,
}

public enum BenchDatabase
{
    Sqlite,
    Postgres,
}

/// <summary>The command line: <c>--name value</c> pairs; see <see cref="Usage"/>.</summary>
public sealed class BenchOptions
{
    public Uri? Url { get; private set; }
    public string AdminEmail { get; private set; } = Environment.GetEnvironmentVariable("JOBQUEUE_ADMIN_EMAIL") ?? "admin@localhost";
    public string? AdminPassword { get; private set; } = Environment.GetEnvironmentVariable("JOBQUEUE_ADMIN_PASSWORD");
    public string RabbitMqUri { get; private set; } = Environment.GetEnvironmentVariable("JOBQUEUE_RABBITMQ") ?? "amqp://guest:guest@localhost:5672/";
    public Uri ManagementUrl { get; private set; } = new("http://localhost:15672/");
    public IReadOnlyList<BenchMode> Modes { get; private set; } = [BenchMode.Raw, BenchMode.EndToEnd, BenchMode.Live];
    public int Workers { get; private set; } = 2;
    public int Jobs { get; private set; } = 20_000;
    public int BatchSize { get; private set; } = 500;
    public int Submitters { get; private set; } = 4;
    public int RawMessages { get; private set; } = 100_000;
    public int LiveClients { get; private set; } = 50;
    public int LiveRate { get; private set; } = 1_000;
    public int LiveSeconds { get; private set; } = 20;
    public int SeedJobs { get; private set; }
    public int ListProbes { get; private set; } = 20;

    /// <summary>Jobs the delayed run schedules, due over <see cref="DelayedSeconds"/>.</summary>
    public int DelayedJobs { get; private set; } = 2_000;
    public int DelayedSeconds { get; private set; } = 20;

    /// <summary>
    /// Jobs run before e2e measures: until the dashboard's JIT has tiered its hot paths up. After 20,000 the JIT still
    /// took 16% of the dashboard's CPU in the measured window, after 80,000 (about 20 s) 4% (docs/benchmarks.md).
    /// </summary>
    public int WarmupJobs { get; private set; } = 80_000;
    public int Port { get; private set; } = 5091;

    /// <summary>The database of the system it starts: a fresh SQLite file, or a throwaway PostgreSQL database.</summary>
    public BenchDatabase Database { get; private set; } = BenchDatabase.Sqlite;

    /// <summary>PostgreSQL's connection string (a role that may create databases): JOBQUEUE_POSTGRES, as ./test.sh and run.sh set it.</summary>
    public string? PostgresServer { get; private set; } = Environment.GetEnvironmentVariable("JOBQUEUE_POSTGRES");

    /// <summary>Dashboards it starts on the one database, on consecutive ports from <see cref="Port"/>; submits go to each in turn.</summary>
    public int Dashboards { get; private set; } = 1;
    public bool Keep { get; private set; }

    /// <summary>Whether the live run also opens the live user's jobs page in Chromium and times clicks on it.</summary>
    public bool JobsPage { get; private set; } = true;

    public const string Usage = """
        dotnet run -c Release --project JobQueue.Bench -- [options]

          --modes raw,e2e,live,list,delayed
                                     what to measure (default raw,e2e,live)
          --url URL                  a running dashboard (default: start one, on a fresh SQLite file and its own
                                     RabbitMQ vhost, with --workers workers; needs RabbitMQ and its management API)
          --admin-email, --admin-password
                                     an admin of the running dashboard (default JOBQUEUE_ADMIN_EMAIL/_PASSWORD)
          --rabbitmq URI             AMQP URI (default JOBQUEUE_RABBITMQ or amqp://guest:guest@localhost:5672/)
          --management URL           RabbitMQ management API (default http://localhost:15672/)
          --workers N                workers to start (default 2)
          --port N                   port of the dashboard it starts (default 5091; more dashboards take the next ports)
          --database sqlite|postgres the database of the system it starts (default sqlite: a fresh file; postgres: a
                                     throwaway database on JOBQUEUE_POSTGRES or --postgres, dropped afterwards)
          --postgres CONNECTION      PostgreSQL server connection string, a role that may create databases
                                     (default JOBQUEUE_POSTGRES)
          --dashboards N             dashboards it starts on the one database (default 1; more need postgres);
                                     the submitters spread over them
          --jobs N                   reverse_string jobs for e2e (default 20000)
          --batch N                  jobs per POST /api/jobs/batch (default 500)
          --submitters N             concurrent submitting clients (default 4)
          --raw-messages N           messages for the broker ceiling (default 100000)
          --live-clients K           SignalR hub clients (default 50)
          --live-rate R              jobs per second during the live run (default 1000)
          --live-seconds S           length of the live run (default 20)
          --warmup-jobs N            jobs run before e2e measures, so the JIT has tiered up (default 80000)
          --seed-jobs N              before list/live, run jobs until N are stored (default 0)
          --list-probes N            requests per status for the list timing (default 20)
          --delayed-jobs N           jobs the delayed run schedules (default 2000)
          --delayed-seconds S        ... due spread over the next S seconds (default 20)
          --keep                     keep the started system's files (database, logs)
          --no-jobs-page             live runs without the jobs page open in Chromium (and without its click timing)
        """;

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name == "--keep")
            {
                options.Keep = true;
                continue;
            }
            if (name == "--no-jobs-page")
            {
                options.JobsPage = false;
                continue;
            }
            if (i + 1 >= args.Length)
                throw new ArgumentException($"{name} needs a value.");
            var value = args[++i];
            switch (name)
            {
                case "--url": options.Url = new Uri(value.EndsWith('/') ? value : value + "/"); break;
                case "--admin-email": options.AdminEmail = value; break;
                case "--admin-password": options.AdminPassword = value; break;
                case "--rabbitmq": options.RabbitMqUri = value; break;
                case "--management": options.ManagementUrl = new Uri(value.EndsWith('/') ? value : value + "/"); break;
                case "--modes": options.Modes = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseMode).ToList(); break;
                case "--workers": options.Workers = Number(name, value, 0, 64); break;
                case "--port": options.Port = Number(name, value, 1, 65535); break;
                case "--jobs": options.Jobs = Number(name, value, 1, 10_000_000); break;
                case "--batch": options.BatchSize = Number(name, value, 1, 1000); break;
                case "--submitters": options.Submitters = Number(name, value, 1, 256); break;
                case "--raw-messages": options.RawMessages = Number(name, value, 1, 10_000_000); break;
                case "--live-clients": options.LiveClients = Number(name, value, 1, 1000); break;
                case "--live-rate": options.LiveRate = Number(name, value, 1, 100_000); break;
                case "--live-seconds": options.LiveSeconds = Number(name, value, 1, 3600); break;
                case "--seed-jobs": options.SeedJobs = Number(name, value, 0, 100_000_000); break;
                case "--list-probes": options.ListProbes = Number(name, value, 1, 10_000); break;
                case "--delayed-jobs": options.DelayedJobs = Number(name, value, 1, 1_000_000); break;
                case "--delayed-seconds": options.DelayedSeconds = Number(name, value, 1, 3600); break;
                case "--database": options.Database = value switch
                {
                    "sqlite" => BenchDatabase.Sqlite,
                    "postgres" => BenchDatabase.Postgres,
                    _ => throw new ArgumentException($"--database is sqlite or postgres, not '{value}'."),
                }; break;
                case "--postgres": options.PostgresServer = value; break;
                case "--dashboards": options.Dashboards = Number(name, value, 1, 8); break;
                case "--warmup-jobs": options.WarmupJobs = Number(name, value, 0, 10_000_000); break;
                default: throw new ArgumentException($"Unknown option {name}.");
            }
        }
        if (options.Dashboards > 1 && options.Database != BenchDatabase.Postgres)
            throw new ArgumentException("--dashboards above 1 needs a shared database: add --database postgres.");
        if (options.Database == BenchDatabase.Postgres && string.IsNullOrEmpty(options.PostgresServer))
            throw new ArgumentException("--database postgres needs JOBQUEUE_POSTGRES or --postgres (a connection string of a role that may create databases).");
        if (options.Url is not null && string.IsNullOrEmpty(options.AdminPassword))
            throw new ArgumentException("With --url, give --admin-password (or JOBQUEUE_ADMIN_PASSWORD).");
        return options;
    }

    private static BenchMode ParseMode(string mode) => mode switch
    {
        "raw" => BenchMode.Raw,
        "e2e" => BenchMode.EndToEnd,
        "live" => BenchMode.Live,
        "list" => BenchMode.List,
        "delayed" => BenchMode.Delayed,
        _ => throw new ArgumentException($"Unknown mode '{mode}'; modes are raw, e2e, live, list and delayed."),
    };

    private static int Number(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw new ArgumentException($"{name} must be a whole number from {min} to {max}, not '{value}'.");
}
