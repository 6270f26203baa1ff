using System.Net;
using System.Net.Http.Json;
using JobQueue.Tests.Infrastructure;

namespace JobQueue.Tests.Integration;

/// <summary>An HTTP worker advertises its own job type with a worker key, as a .NET worker does over AMQP, then runs its jobs.</summary>
[Collection(SystemTests.Name)]
public class HttpWorkerJobTypeTests(JobQueueSystem system)
{
    private const string Schema = """{"type":"object","properties":{"url":{"type":"string","format":"uri"},"depth":{"type":"integer","minimum":1,"maximum":3}},"required":["url"]}""";

    private static string Advertisement(string name, string schema = Schema) =>
        $$$"""{"workerId":"py-crawler","types":[{"name":"{{{name}}}","description":"Crawls a site","schema":{{{schema}}},"defaultTimeoutSeconds":120,"defaultMaxAttempts":2}]}""";

    [Fact]
    public async Task HttpWorker_AdvertisesItsType_SubmitsAreCheckedAgainstIt_AndItRunsTheJob()
    {
        using var admin = await system.SignInAsAdminAsync();
        var queue = await system.NewQueueAsync("crawl");
        var name = $"crawl_{Guid.NewGuid():N}"[..16];
        var key = await HttpWorkerClient.CreateKeyAsync(admin, "crawler", [queue]);
        using var worker = new HttpWorkerClient(system.DashboardUrl, key, "py-crawler");

        var answer = await worker.Http.PostAsync("/api/job-types", new StringContent(Advertisement(name), System.Text.Encoding.UTF8, "application/json"));
        answer.StatusCode.ShouldBe(HttpStatusCode.OK, await answer.Content.ReadAsStringAsync());
        (await answer.Content.ReadAsStringAsync()).ShouldContain($"\"accepted\":[\"{name}\"]");

        var listed = (await admin.GetJobTypesAsync()).Single(t => t.Name == name);
        (listed.Description, listed.DefaultTimeoutSeconds, listed.DefaultMaxAttempts, listed.LastAdvertisedBy).ShouldBe(("Crawls a site", 120, 2, "py-crawler"));

        using var user = await system.NewUserAsync();
        var bad = await user.PostJsonAsync("/api/jobs", $$$"""{"type":"{{{name}}}","queue":"{{{queue}}}","payload":{"url":"not a url","depth":9}}""");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var said = await bad.Content.ReadAsStringAsync();
        said.ShouldContain("\"payload.url\":[\"url must be a valid uri.\"]");
        said.ShouldContain("\"payload.depth\":[\"depth must be between 1 and 3.\"]");

        var job = await user.SubmitAsync(name, """{"url":"https://example.com/","depth":2}""", queue);
        (job.MaxAttempts, job.TimeoutSeconds).ShouldBe((2, 120), "the type's defaults");
        var fetched = await worker.FetchJobAsync(queue, TimeSpan.FromSeconds(10));
        fetched.JobId.ShouldBe(job.Id);
        fetched.TimeoutSeconds.ShouldBe(120);
        (await worker.AckAsync(job.Id, result: new { pages = 3 })).Status.ShouldBe(HttpStatusCode.OK);
        (await user.WaitForStatusAsync(job.Id, JobQueue.Shared.Contracts.JobStatus.Succeeded)).Result.ShouldBe("{\"pages\":3}");
    }

    [Fact]
    public async Task HttpWorker_BadAdvertisements_AreRefusedSayingWhy_AndChangeNothing()
    {
        using var admin = await system.SignInAsAdminAsync();
        var key = await HttpWorkerClient.CreateKeyAsync(admin, "limited", types: ["allowed_type"]);
        using var worker = new HttpWorkerClient(system.DashboardUrl, key, "py-limited");
        async Task<(HttpStatusCode, string)> AdvertiseAsync(string body)
        {
            var response = await worker.Http.PostAsync("/api/job-types", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        var (status, body) = await AdvertiseAsync(Advertisement("not_allowed"));
        (status, body).ShouldSatisfyAllConditions(() => status.ShouldBe(HttpStatusCode.Forbidden), () => body.ShouldContain("may take only the job types allowed_type"));
        (status, body) = await AdvertiseAsync("""{"workerId":"py-limited","types":[]}""");
        status.ShouldBe(HttpStatusCode.BadRequest);
        body.ShouldContain("types holds 1 to 100 job types");
        (status, _) = await AdvertiseAsync("""{"workerId":"py-limited","types":[{"description":"no name","schema":{}}]}""");
        status.ShouldBe(HttpStatusCode.BadRequest);
        (status, _) = await AdvertiseAsync("""{"workerId":"py-limited","types":[null]}""");
        status.ShouldBe(HttpStatusCode.BadRequest);
        // A schema that is not one: a 400 naming the type and why, and nothing of the advertisement is taken.
        (status, body) = await AdvertiseAsync(Advertisement("allowed_type", """{"type": 7}"""));
        status.ShouldBe(HttpStatusCode.BadRequest);
        body.ShouldContain("\"types[0]\":[\"allowed_type: type at the root is one or more of");
        (await admin.GetJobTypesAsync()).ShouldNotContain(t => t.Name == "allowed_type" || t.Name == "not_allowed");
        // A type named twice in one advertisement is taken once, as its last definition says.
        (status, body) = await AdvertiseAsync($$$"""{"workerId":"py-limited","types":[{"name":"allowed_type","schema":{}, "defaultTimeoutSeconds":5,"defaultMaxAttempts":1},{"name":"allowed_type","schema":{{{Schema}}},"defaultTimeoutSeconds":9,"defaultMaxAttempts":1}]}""");
        (status, body).ShouldSatisfyAllConditions(() => status.ShouldBe(HttpStatusCode.OK), () => body.ShouldContain("\"accepted\":[\"allowed_type\"]"));
        (await admin.GetJobTypesAsync()).Single(t => t.Name == "allowed_type").DefaultTimeoutSeconds.ShouldBe(9);
        // Only a worker key advertises: a user's token, an admin's included, is not one.
        (await admin.Http.PostAsync("/api/job-types", JsonContent.Create(new { workerId = "x", types = Array.Empty<object>() }))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
