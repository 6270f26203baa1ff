using JobQueue.Shared.Contracts;
using JobQueue.Tests.Infrastructure;

namespace JobQueue.Tests.Integration;

/// <summary>
/// <c>JOBQUEUE_RABBITMQ_NODES=3 ./run.sh</c> on the local cluster (already running, so run.sh leaves it running): every
/// process gets the node list, the dashboard's figures come from the cluster's management APIs, and a job runs; when it
/// stops, it leaves running what it did not start (the cluster, the tests' broker and PostgreSQL). In the
/// local cluster's collection, one at a time with the other tests of the cluster.
/// </summary>
[Collection(LocalClusterTests.Name)]
public class RunScriptOnAClusterTests
{
    private const string AdminPassword = "Run-Script-Passw0rd";

    private static bool Answers(string host, int port)
    {
        try
        {
            using var client = new System.Net.Sockets.TcpClient();
            client.Connect(host, port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    [Fact]
    public async Task RunScript_OnTheLocalCluster_EveryProcessUsesItsNodes_AndAJobRuns()
    {
        await LocalCluster.EnsureStartedAsync();
        var vhost = $"jobqueue-run-{Guid.NewGuid():N}"[..24];
        await BrokerAdmin.CreateVhostAsync(vhost, TestBroker.LocalCluster);
        var url = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var script = RunScript.Start($"run-sh-cluster-{vhost}", new Dictionary<string, string>
        {
            ["JOBQUEUE_URL"] = url.ToString().TrimEnd('/'),
            ["JOBQUEUE_RABBITMQ_NODES"] = "3",
            ["JOBQUEUE_WORKERS"] = "1",
            ["JOBQUEUE_RABBITMQ"] = TestBroker.LocalCluster.UriOf(vhost),
            ["JOBQUEUE_ADMIN_EMAIL"] = JobQueueSystem.AdminEmail,
            ["JOBQUEUE_ADMIN_PASSWORD"] = AdminPassword,
            // As test.sh exports them: the caller started those; run.sh must not stop them when it stops.
            ["JOBQUEUE_STARTED_RABBITMQ"] = "1",
            ["JOBQUEUE_STARTED_POSTGRES"] = "1",
        });
        try
        {
            await script.Process.WaitForOutputAsync("JobQueue is running at", TimeSpan.FromSeconds(120));
            script.Process.Output.ShouldContain("a local 3-node cluster");
            await JobQueueSystem.WaitForJobTypesAsync(url, ["reverse_string"], adminPassword: AdminPassword);
            using var admin = await ApiClient.SignInAsync(url, JobQueueSystem.AdminEmail, AdminPassword);
            var job = await admin.SubmitAsync("reverse_string", "\"cluster\"", null);
            (await admin.WaitForStatusAsync(job.Id, JobStatus.Succeeded, TimeSpan.FromSeconds(60))).Result.ShouldBe("retsulc");
            foreach (var log in new[] { "dashboard.log", "worker-1.log" })
            {
                var text = await File.ReadAllTextAsync(Path.Combine(script.RunDirectory, "logs", log));
                text.ShouldMatch(@"Connected to RabbitMQ at localhost:570[1-3], vhost " + vhost, $"{log} connected to a node of the cluster, in the run's vhost");
            }
            await Eventually.ReadAsync(() => BrokerAdmin.GetQueueAsync(vhost, "jobqueue.queue.default", TestBroker.LocalCluster),
                queue => queue.TryGetProperty("members", out var members) && members.GetArrayLength() == 3, "the default queue on every node");
            await script.Process.StopAsync(TimeSpan.FromSeconds(60));
            (await LocalCluster.RunningNodesAsync()).ShouldBe(3, "run.sh stopped a cluster it had not started");
            Answers(new Uri(TestPaths.RabbitMqUri).Host, 5672).ShouldBeTrue("run.sh stopped the tests' broker, which it had not started");
            var postgres = new Npgsql.NpgsqlConnectionStringBuilder(PostgresDatabases.Server);
            Answers(postgres.Host!, postgres.Port).ShouldBeTrue("run.sh stopped the tests' PostgreSQL, which it had not started");
        }
        finally
        {
            await script.DisposeAsync();
            await BrokerAdmin.DeleteVhostAsync(vhost, TestBroker.LocalCluster);
        }
    }
}
