using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JobQueue.Shared.Contracts;
using JobQueue.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace JobQueue.Tests.Integration;

/// <summary>
/// The database goes away under a running system of its own: a writer holds SQLite's lock, or PostgreSQL stops taking
/// connections to the system's database and drops the ones it had. Submits answer 503 and
/// store nothing; the recorder keeps the workers' events in <c>jobqueue.recorder</c>, backing off, and applies them
/// when the database is back. In the fault-injection collection, which runs alone: holding SQLite's lock and waiting
/// on backoff is timing-sensitive, and the other collections load both cores.
/// </summary>
[Collection(FaultInjection.Name)]
public class DatabaseOutageTests
{
    [Fact]
    public async Task DatabaseLocked_SubmitAnswers503AndStoresNothing_EventsWaitInTheBroker_AndAreRecordedWhenItIsBack()
    {
        await using var system = new JobQueueSystem { DatabaseOptions = ";Default Timeout=2" };
        await system.InitializeAsync();
        using var api = await system.SignInAsAdminAsync();
        var parked = await system.NewQueueAsync("db-outage");
        var job = await api.SubmitAsync("sleep", "{\"seconds\": 0.2, \"steps\": 2}", parked);

        await using (var holder = new SqliteConnection($"Data Source={system.DatabasePath}"))
        {
            await holder.OpenAsync();
            await using (var takeTheLock = holder.CreateCommand())
            {
                takeTheLock.CommandText = "BEGIN IMMEDIATE;";
                await takeTheLock.ExecuteNonQueryAsync();
            }

            var refused = await api.PostJsonAsync("/api/jobs", $"{{\"type\":\"reverse_string\",\"payload\":\"x\",\"queue\":\"{parked}\"}}");
            refused.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            refused.Headers.RetryAfter.ShouldNotBeNull();
            (await refused.Content.ReadAsStringAsync()).ShouldContain("nothing was stored");

            // A worker runs the job meanwhile; the recorder cannot store its events and keeps them unacked.
            await system.StartWorkerAsync(parked, "worker-db");
            await system.Dashboard.WaitForOutputAsync("job event(s) failed", TimeSpan.FromSeconds(30));
            int Failures() => system.Dashboard.Output.Split('\n').Count(l => l.Contains("job event(s) failed", StringComparison.Ordinal));
            var firstSeen = Stopwatch.StartNew();
            var failures = Failures();
            // Tried again and again, the events kept: until two more attempts failed.
            await Eventually.ReadAsync(() => Task.FromResult(Failures()), n => n >= failures + 2, "two more failed attempts to record", TimeSpan.FromSeconds(60));
            // Backoff, not a tight loop: 200 ms doubling to 10 s (with jitter), on top of SQLite's 2 s wait for its lock.
            firstSeen.Elapsed.ShouldBeGreaterThan(TimeSpan.FromSeconds(0.3), "the recorder tried again without backing off");
            (await api.GetAsync(job.Id)).Status.ShouldBe(JobStatus.Queued);

            await using var release = holder.CreateCommand();
            release.CommandText = "ROLLBACK;";
            await release.ExecuteNonQueryAsync();
        }

        var done = await api.WaitForStatusAsync(job.Id, JobStatus.Succeeded, TimeSpan.FromSeconds(60));
        done.Timeline!.ShouldContain(t => t.Status == JobStatus.Running);
        var page = await api.Http.GetFromJsonAsync<JsonElement>($"/api/jobs?queue={parked}");
        page.GetProperty("total").GetInt32().ShouldBe(1, "the refused submit stored a job");
    }

    [Fact]
    public async Task PostgresRefusesConnections_SubmitAnswers503_ReadinessSaysSo_EventsWaitInTheBroker_AndAreRecordedWhenItIsBack()
    {
        await using var system = new JobQueueSystem { Database = TestDatabase.Postgres };
        await system.InitializeAsync();
        using var api = await system.SignInAsAdminAsync();
        using var anonymous = new HttpClient { BaseAddress = system.DashboardUrl };
        var parked = await system.NewQueueAsync("pg-outage");
        var job = await api.SubmitAsync("sleep", "{\"seconds\": 0.2, \"steps\": 2}", parked);
        using var httpWorker = new HttpWorkerClient(system.DashboardUrl, await HttpWorkerClient.CreateKeyAsync(api, "outage key"), "outage-worker");
        var database = new NpgsqlConnectionStringBuilder(system.PostgresConnectionString).Database;
        await using var server = NpgsqlDataSource.Create(PostgresDatabases.Server);

        await ExecuteAsync(server, $"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS false");
        try
        {
            await ExecuteAsync(server, $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'");

            var refused = await api.PostJsonAsync("/api/jobs", $"{{\"type\":\"reverse_string\",\"payload\":\"x\",\"queue\":\"{parked}\"}}");
            refused.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, await refused.Content.ReadAsStringAsync());
            refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            (await refused.Content.ReadAsStringAsync()).ShouldContain("nothing was stored");
            (await anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            (await anonymous.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK, "the process itself is up");
            // An HTTP worker's key cannot be checked: try again later (503), not "your key is wrong" (401).
            using (var fetch = await httpWorker.Http.PostAsJsonAsync($"/api/queues/{parked}/fetch", new { workerId = httpWorker.WorkerId }))
            {
                fetch.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, await fetch.Content.ReadAsStringAsync());
                fetch.Headers.RetryAfter.ShouldNotBeNull();
                (await fetch.Content.ReadAsStringAsync()).ShouldContain("worker key could not be checked");
            }

            // A worker runs the job meanwhile; the recorder cannot store its events and keeps them unacked.
            await system.StartWorkerAsync(parked, "worker-pg");
            await system.Dashboard.WaitForOutputAsync("job event(s) failed", TimeSpan.FromSeconds(30));
        }
        finally
        {
            await ExecuteAsync(server, $"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS true");
        }

        var done = await api.WaitForStatusAsync(job.Id, JobStatus.Succeeded, TimeSpan.FromSeconds(60));
        done.Timeline!.ShouldContain(t => t.Status == JobStatus.Running);
        var page = await api.Http.GetFromJsonAsync<JsonElement>($"/api/jobs?queue={parked}");
        page.GetProperty("total").GetInt32().ShouldBe(1, "the refused submit stored a job");
        (await anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
        system.Dashboard.HasExited.ShouldBeFalse();
    }

    private static async Task ExecuteAsync(NpgsqlDataSource server, string sql)
    {
        await using var command = server.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
