using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using JobQueue.Dashboard.Data;
using JobQueue.Dashboard.Encryption;
using JobQueue.Dashboard.JobLogs;
using JobQueue.Dashboard.Jobs;
using JobQueue.Shared.Contracts;
using JobQueue.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JobQueue.Tests.Integration;

/// <summary>
/// Job data encrypted at rest, on a system of its own whose key ring is protected with a certificate: markers put in a
/// payload, a log line, a result and an error (and so in the lease, the dead letter and the answer kept for an
/// Idempotency-Key) are in the API's answers and nowhere in the raw database files; the stored values open only with
/// their owner's purpose; a key rotated in keeps the jobs sealed with the old one readable.
/// </summary>
public sealed class EncryptionAtRestTests : IAsyncLifetime, IDisposable
{
    private const string CertificatePassword = "test-key-ring";
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(30);
    private static readonly string[] SecretKinds = ["payload", "payload2", "line", "result", "error"];

    private readonly string _directory = Directory.CreateTempSubdirectory("jobqueue-keyring-").FullName;
    private readonly X509Certificate2 _certificate;
    private readonly JobQueueSystem _system;

    public EncryptionAtRestTests()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=JobQueue test key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(_directory, "keyring.pfx");
        File.WriteAllBytes(path, created.Export(X509ContentType.Pfx, CertificatePassword));
        _certificate = X509CertificateLoader.LoadPkcs12FromFile(path, CertificatePassword);
        _system = new JobQueueSystem
        {
            DashboardSettings = new Dictionary<string, string>
            {
                ["DataProtection__CertificatePath"] = path,
                ["DataProtection__CertificatePassword"] = CertificatePassword,
            },
        };
    }

    public Task InitializeAsync() => _system.InitializeAsync();

    public Task DisposeAsync() => _system.DisposeAsync();

    public void Dispose()
    {
        _certificate.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task JobData_IsInTheApiButNotInTheDatabaseFiles_OpensOnlyForItsOwner_AndSurvivesAKeyRotation()
    {
        var marker = Guid.NewGuid().ToString("N");
        string Secret(string what) => $"secret-{what}-{marker}";
        var queue = await _system.NewQueueAsync("sealed");
        string workerKey;
        using (var admin = await _system.SignInAsAdminAsync())
            workerKey = await HttpWorkerClient.CreateKeyAsync(admin, "sealed key");
        using var worker = new HttpWorkerClient(_system.DashboardUrl, workerKey, $"enc-{marker}"[..12]);
        using var owner = await _system.NewUserAsync();
        using var other = await _system.NewUserAsync();

        // A job that succeeds, submitted with an Idempotency-Key (its answer is kept), with a log line and a result.
        using var submit = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/jobs", UriKind.Relative))
        {
            Content = new StringContent($$"""{"type":"reverse_string","payload":"{{Secret("payload")}}","queue":"{{queue}}"}""", Encoding.UTF8, "application/json"),
        };
        submit.Headers.TryAddWithoutValidation("Idempotency-Key", $"sealed-{marker}");
        using var submitted = await owner.Http.SendAsync(submit);
        submitted.StatusCode.ShouldBe(HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        var succeeding = (await submitted.Content.ReadFromJsonAsync<JobDto>(ApiClient.Json))!;
        succeeding.Payload.GetString().ShouldBe(Secret("payload"), "the submit's answer shows the payload");
        var fetched = await worker.FetchJobAsync(queue, Soon);
        fetched.JobId.ShouldBe(succeeding.Id);
        fetched.Payload.GetString().ShouldBe(Secret("payload"), "the worker gets the payload in clear");
        (await worker.ProgressAsync(fetched.JobId, 50, [Secret("line")])).Status.ShouldBe(HttpStatusCode.OK);
        await Eventually.ReadAsync(
            async () => (await owner.Http.GetFromJsonAsync<JobLogDto>(new Uri($"/api/jobs/{succeeding.Id}/logs", UriKind.Relative), ApiClient.Json))!,
            log => log.Lines.Any(l => l.Message == Secret("line")), "the log line, in clear, in the API");
        (await worker.AckAsync(fetched.JobId, result: Secret("result"))).Status.ShouldBe(HttpStatusCode.OK);
        (await owner.WaitForStatusAsync(succeeding.Id, JobStatus.Succeeded)).Result.ShouldBe(Secret("result"));

        // A job that fails: its error is on the job, in its timeline and in its dead letter, with its payload.
        var failing = await owner.SubmitAsync("reverse_string", $"\"{Secret("payload2")}\"", queue, maxAttempts: 1);
        (await worker.FetchJobAsync(queue, Soon)).JobId.ShouldBe(failing.Id);
        (await worker.AckAsync(failing.Id, error: Secret("error"))).Status.ShouldBe(HttpStatusCode.OK);
        var failed = await owner.WaitForStatusAsync(failing.Id, JobStatus.Failed);
        failed.Error.ShouldBe(Secret("error"));
        var errorText = Secret("error");
        (await owner.GetAsync(failing.Id)).Timeline!.ShouldContain(t => t.Note == errorText, "the timeline's note in clear");
        using (var admin = await _system.SignInAsAdminAsync())
        {
            var letters = await admin.WaitForDeadLettersAsync(l => l.Any(d => d.JobId == failing.Id), "the failed job's dead letter");
            var letter = letters.Single(d => d.JobId == failing.Id);
            letter.Reason.ShouldContain(Secret("error"));
            letter.Body.ShouldContain(Secret("payload2"));
        }
        (await other.Http.GetAsync(new Uri($"/api/jobs/{succeeding.Id}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // The raw files (the database, its write-ahead log) hold none of it; they do hold what is not sealed.
        var files = RawDatabaseFiles();
        Encoding.UTF8.GetString(files).ShouldContain(queue, Case.Sensitive, "the scan reads the stored rows (the queue name is stored in clear)");
        foreach (var what in SecretKinds)
            Encoding.UTF8.GetString(files).ShouldNotContain(Secret(what), Case.Sensitive, $"the {what} is in the raw database files");
        // Nor does the dashboard's log: it says a dead letter was stored, never its reason (the probe found it in clear).
        var log = _system.Dashboard.Output;
        log.ShouldContain($"Dead letter stored: job {failing.Id}");
        foreach (var what in SecretKinds)
            log.ShouldNotContain(Secret(what), Case.Sensitive, $"the {what} is in the dashboard's log");

        // The stored values open with the owner's purpose and no other, with the key ring from the database and the certificate.
        await using (var keyRing = KeyRing())
        {
            var data = TestJobData.Protector(provider: keyRing.GetRequiredService<IDataProtectionProvider>());
            var (payload, ownerId) = await StoredPayloadAsync(succeeding.Id);
            JobDataProtector.IsSealed(payload).ShouldBeTrue();
            data.Open(ownerId, payload).ShouldBe($"\"{Secret("payload")}\"");
            var otherJob = await other.SubmitAsync("reverse_string", "\"not secret\"", queue);
            var (_, otherId) = await StoredPayloadAsync(otherJob.Id);
            otherId.ShouldNotBe(ownerId);
            data.Open(otherId, payload).ShouldBe(JobDataProtector.Unreadable, "another user's key opens the owner's job");

            // The keys themselves are stored encrypted with the certificate.
            var keys = await KeyXmlAsync();
            keys.ShouldNotBeEmpty();
            keys.ShouldAllBe(xml => xml.Contains("encryptedSecret") && !xml.Contains("<value>"), "a key is stored unprotected");

            // A new key takes over (as after DataProtection:KeyLifetime, or by hand after a leak).
            keyRing.GetRequiredService<IKeyManager>().CreateNewKey(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(90));
        }
        await _system.RestartDashboardAsync();
        var later = await owner.SubmitAsync("reverse_string", $"\"{Secret("payload3")}\"", queue);
        (await owner.GetAsync(later.Id)).Payload.GetString().ShouldBe(Secret("payload3"));
        KeyIdOf((await StoredPayloadAsync(later.Id)).Payload).ShouldNotBe(KeyIdOf((await StoredPayloadAsync(succeeding.Id)).Payload),
            "the job submitted after the rotation is sealed with the new key");
        var old = await owner.GetAsync(succeeding.Id);
        old.Payload.GetString().ShouldBe(Secret("payload"), "a job sealed with the old key stays readable");
        old.Result.ShouldBe(Secret("result"));
        (await owner.GetAsync(failing.Id)).Error.ShouldBe(Secret("error"));
    }

    private byte[] RawDatabaseFiles()
    {
        using var all = new MemoryStream();
        foreach (var path in Directory.GetFiles(Path.GetDirectoryName(_system.DatabasePath)!, Path.GetFileName(_system.DatabasePath) + "*"))
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            file.CopyTo(all);
        }
        return all.ToArray();
    }

    /// <summary>The dashboard's key ring as another process on the database reads it: from the database, with the certificate.</summary>
    private ServiceProvider KeyRing()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<JobQueueDbContext, SqliteJobQueueDbContext>(db => db.UseSqlite($"Data Source={_system.DatabasePath}"));
        services.AddDataProtection().SetApplicationName("JobQueue").PersistKeysToDbContext<JobQueueDbContext>()
            .ProtectKeysWithCertificate(_certificate).UnprotectKeysWithAnyCertificate(_certificate);
        return services.BuildServiceProvider();
    }

    private async Task<(string Payload, string OwnerId)> StoredPayloadAsync(Guid jobId)
    {
        await using var connection = new SqliteConnection($"Data Source={_system.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT "Payload", "OwnerId" FROM "Jobs" WHERE "Id" = $id""";
        command.Parameters.AddWithValue("$id", jobId.ToString().ToUpperInvariant());
        await using var reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).ShouldBeTrue($"job {jobId} is stored");
        return (reader.GetString(0), reader.GetString(1));
    }

    private async Task<List<string>> KeyXmlAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={_system.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT "Xml" FROM "DataProtectionKeys" """;
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            keys.Add(reader.GetString(0));
        return keys;
    }

    /// <summary>The key a sealed value was sealed with: Data Protection writes a 4-byte header, then the key's id.</summary>
    private static Guid KeyIdOf(string sealedValue) =>
        new(Base64Url.DecodeFromChars(sealedValue.AsSpan(JobDataProtector.Prefix.Length)).AsSpan(4, 16));
}
