using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using JobQueue.Tests.Infrastructure;

namespace JobQueue.Tests.Integration;

/// <summary>
/// Malformed requests of every kind: each gets a 4xx answer with a ProblemDetails body that says what was wrong,
/// and none changes anything (no job, user or wall key appears).
/// </summary>
[Collection(SystemTests.Name)]
public class BadInputTests(JobQueueSystem system)
{
    public enum Caller { User, Admin }

    private const string Submit = "/api/jobs";
    private const string Batch = "/api/jobs/batch";
    private static readonly string OneMiB = new('x', 1024 * 1024);

    /// <summary>caller, method, path, body (null: none), content type, expected status, a word the answer must contain.</summary>
    public static TheoryData<Caller, string, string, string?, string, int, string> Requests => new()
    {
        // Unreadable bodies.
        { Caller.User, "POST", Submit, "{", "application/json", 400, "not valid JSON" },
        { Caller.User, "POST", Submit, "not json", "application/json", 400, "not valid JSON" },
        { Caller.User, "POST", Submit, "[]", "application/json", 400, "not valid JSON" },
        { Caller.User, "POST", Submit, "null", "application/json", 400, "JSON null" },
        { Caller.User, "POST", Submit, "", "application/json", 400, "not valid JSON" },
        { Caller.User, "POST", Submit, "\"just a string\"", "application/json", 400, "not valid JSON" },
        { Caller.User, "POST", Submit, "{\"type\":\"reverse_string\",\"payload\":\"x\"}", "text/plain", 400, "must be JSON" },
        { Caller.User, "POST", Submit, "{\"type\":\"reverse_string\",\"payload\":\"" + OneMiB + "\"}", "application/json", 413, "64 KiB" },
        // Wrong types and missing fields.
        { Caller.User, "POST", Submit, "{\"type\":5,\"payload\":\"x\"}", "application/json", 400, "not valid JSON" },
        { Caller.User, "POST", Submit, "{\"type\":null,\"payload\":\"x\"}", "application/json", 400, "type is required" },
        { Caller.User, "POST", Submit, "{\"payload\":\"x\"}", "application/json", 400, "type is required" },
        { Caller.User, "POST", Submit, "{\"type\":\"reverse_string\"}", "application/json", 400, "not nothing" },
        { Caller.User, "POST", Submit, "{\"type\":\"reverse_string\",\"payload\":5}", "application/json", 400, "The payload must be text, not a number." },
        { Caller.User, "POST", Submit, "{\"type\":\"reverse_string\",\"payload\":\"" + new string('y', 60_001) + "\"}", "application/json", 400, "at most 60000 characters" },
        { Caller.User, "POST", Submit, "{\"type\":\"no_such_type\",\"payload\":\"x\"}", "application/json", 400, "Unknown job type" },
        { Caller.User, "POST", Submit, "{\"type\":\"reverse_string\",\"payload\":\"x\",\"maxAttempts\":true}", "application/json", 400, "not valid JSON" },
        { Caller.User, "POST", Submit, "{\"type\":\"reverse_string\",\"payload\":\"x\",\"timeoutSeconds\":1e20}", "application/json", 400, "not valid JSON" },
        // Numbers out of range: negative and huge n, seconds, steps, attempts, timeouts.
        { Caller.User, "POST", Submit, "{\"type\":\"fibonacci_calc\",\"payload\":-1}", "application/json", 400, "The payload must be between 0 and 10000." },
        { Caller.User, "POST", Submit, "{\"type\":\"fibonacci_calc\",\"payload\":10001}", "application/json", 400, "between 0 and 10000" },
        { Caller.User, "POST", Submit, "{\"type\":\"fibonacci_calc\",\"payload\":1e300}", "application/json", 400, "The payload is too large a number" },
        { Caller.User, "POST", Submit, "{\"type\":\"fibonacci_calc\",\"payload\":99999999999999999999}", "application/json", 400, "between 0 and 10000" },
        { Caller.User, "POST", Submit, "{\"type\":\"fibonacci_calc\",\"payload\":1.5}", "application/json", 400, "whole number" },
        { Caller.User, "POST", Submit, "{\"type\":\"fibonacci_calc\",\"payload\":\"10\"}", "application/json", 400, "whole number" },
        { Caller.User, "POST", Submit, "{\"type\":\"sleep\",\"payload\":{\"seconds\":-1,\"steps\":1}}", "application/json", 400, "payload.seconds\":[\"seconds must be more than 0" },
        { Caller.User, "POST", Submit, "{\"type\":\"sleep\",\"payload\":{\"seconds\":1e9,\"steps\":1}}", "application/json", 400, "at most 3600" },
        { Caller.User, "POST", Submit, "{\"type\":\"sleep\",\"payload\":{\"seconds\":1,\"steps\":0}}", "application/json", 400, "between 1 and 1000" },
        { Caller.User, "POST", Submit, "{\"type\":\"sleep\",\"payload\":{\"seconds\":1,\"steps\":99999999999}}", "application/json", 400, "between 1 and 1000" },
        { Caller.User, "POST", Submit, "{\"type\":\"sleep\",\"payload\":{\"seconds\":\"1\",\"steps\":1}}", "application/json", 400, "must be a number" },
        { Caller.User, "POST", Submit, "{\"type\":\"sleep\",\"payload\":{\"steps\":1}}", "application/json", 400, "payload.seconds\":[\"seconds is required." },
        { Caller.User, "POST", Submit, "{\"type\":\"sleep\",\"payload\":{\"seconds\":1,\"steps\":1,\"fail\":\"yes\"}}", "application/json", 400, "true or false" },
        { Caller.User, "POST", Submit, "{\"type\":\"reverse_string\",\"payload\":\"x\",\"maxAttempts\":0}", "application/json", 400, "maxAttempts must be between 1 and 10" },
        { Caller.User, "POST", Submit, "{\"type\":\"reverse_string\",\"payload\":\"x\",\"maxAttempts\":11}", "application/json", 400, "maxAttempts must be between 1 and 10" },
        { Caller.User, "POST", Submit, "{\"type\":\"reverse_string\",\"payload\":\"x\",\"maxAttempts\":-5}", "application/json", 400, "maxAttempts must be between 1 and 10" },
        { Caller.User, "POST", Submit, "{\"type\":\"reverse_string\",\"payload\":\"x\",\"timeoutSeconds\":0}", "application/json", 400, "timeoutSeconds must be between 1 and 86400" },
        { Caller.User, "POST", Submit, "{\"type\":\"reverse_string\",\"payload\":\"x\",\"timeoutSeconds\":86401}", "application/json", 400, "timeoutSeconds must be between 1 and 86400" },
        // Text that is not valid Unicode, empty text, fields the API does not know.
        { Caller.User, "POST", Submit, "{\"type\":\"reverse_string\",\"payload\":\"\\ud800\"}", "application/json", 400, "not valid Unicode" },
        { Caller.User, "POST", Submit, "{\"type\":\"reverse_string\",\"payload\":\"a\\udc00b\"}", "application/json", 400, "unpaired surrogate" },
        { Caller.User, "POST", Submit, "{\"type\":\"reverse_string\",\"payload\":\"\"}", "application/json", 400, "must not be empty" },
        { Caller.User, "POST", Submit, "{\"type\":\"uppercase_text\",\"payload\":\"   \"}", "application/json", 400, "must not be empty" },
        { Caller.User, "POST", Submit, "{\"type\":\"reverse_string\",\"payload\":\"x\",\"cron\":\"* * * * *\"}", "application/json", 400, "Unknown field 'cron'" },
        { Caller.User, "POST", Batch, "{\"jobs\":[{\"type\":\"reverse_string\",\"payload\":\"x\",\"priority\":\"urgent\"}]}", "application/json", 400, "jobs[0].priority" },
        { Caller.User, "POST", Submit, "{\"type\":\"reverse_string\",\"payload\":\"x\",\"priority\":\"1\"}", "application/json", 400, "priority is high, normal or low" },
        { Caller.User, "POST", Submit, "{\"type\":\"reverse_string\",\"payload\":\"x\",\"delaySeconds\":-5}", "application/json", 400, "delaySeconds must be between 0" },
        { Caller.User, "POST", Submit, "{\"type\":\"reverse_string\",\"payload\":\"x\",\"delaySeconds\":1e12}", "application/json", 400, "a year" },
        { Caller.User, "POST", Submit, "{\"type\":\"reverse_string\",\"payload\":\"x\",\"runAt\":\"2030-01-01T10:00:00\"}", "application/json", 400, "with Z or an offset" },
        { Caller.User, "POST", Submit, "{\"type\":\"reverse_string\",\"payload\":\"x\",\"runAt\":\"tomorrow\"}", "application/json", 400, "runAt must be an ISO 8601 time" },
        { Caller.User, "POST", Submit, "{\"type\":\"reverse_string\",\"payload\":\"x\",\"runAt\":\"2999-01-01T00:00:00Z\"}", "application/json", 400, "at most a year ahead" },
        { Caller.User, "POST", Submit, "{\"type\":\"reverse_string\",\"payload\":\"x\",\"runAt\":\"2030-01-01T10:00:00Z\",\"delaySeconds\":5}", "application/json", 400, "not both" },
        { Caller.User, "POST", Submit, "{\"type\":\"reverse_string\",\"payload\":\"x\",\"uniqueKey\":\" \"}", "application/json", 400, "uniqueKey must not be empty" },
        { Caller.User, "POST", Batch, "{\"jobs\":[{\"type\":\"reverse_string\",\"payload\":\"x\",\"uniqueKey\":\"k\"},{\"type\":\"reverse_string\",\"payload\":\"y\",\"uniqueKey\":\"k\"}]}", "application/json", 400, "jobs[1].uniqueKey" },
        { Caller.User, "POST", "/api/auth/login", "{\"email\":\"a@b.c\",\"password\":\"x\",\"rememberMe\":true}", "application/json", 400, "Unknown field 'rememberMe'" },
        { Caller.User, "POST", "/api/auth/login", "{\"email\":\"a@b.c\",\"password\":\"" + new string('p', 5000) + "\"}", "application/json", 413, "4096 bytes" },
        { Caller.User, "POST", "/api/auth/refresh", "{\"refreshToken\":\"x\",\"accessToken\":\"y\"}", "application/json", 400, "Unknown field 'accessToken'" },
        // Queue names, and injection strings where names go.
        { Caller.User, "POST", Submit, "{\"type\":\"reverse_string\",\"payload\":\"x\",\"queue\":\"default\\n\"}", "application/json", 400, "queue name" },
        { Caller.User, "POST", Submit, "{\"type\":\"reverse_string\",\"payload\":\"x\",\"queue\":\"never-created\"}", "application/json", 400, "There is no queue 'never-created'" },
        { Caller.User, "POST", Submit, "{\"type\":\"reverse_string\",\"payload\":\"x\",\"queue\":\"Bad Queue!\"}", "application/json", 400, "queue name" },
        { Caller.User, "POST", Submit, "{\"type\":\"reverse_string\",\"payload\":\"x\",\"queue\":\"\"}", "application/json", 400, "queue name" },
        { Caller.User, "POST", Submit, "{\"type\":\"reverse_string\",\"payload\":\"x\",\"queue\":\"" + new string('q', 65) + "\"}", "application/json", 400, "queue name" },
        { Caller.User, "POST", Submit, "{\"type\":\"reverse_string\",\"payload\":\"x\",\"queue\":\"'; DROP TABLE Jobs;--\"}", "application/json", 400, "queue name" },
        { Caller.User, "POST", Submit, "{\"type\":\"'; DROP TABLE Jobs;--\",\"payload\":\"x\"}", "application/json", 400, "Unknown job type" },
        { Caller.User, "POST", Submit, "{\"type\":\"<script>alert(1)</script>\",\"payload\":\"x\"}", "application/json", 400, "Unknown job type" },
        // Batch submits: all or none, with the failing job's index in the key.
        { Caller.User, "POST", Batch, "{}", "application/json", 400, "The body needs a" },
        { Caller.User, "POST", Batch, "{\"jobs\":[]}", "application/json", 400, "A batch holds 1 to 1000 jobs, not 0" },
        { Caller.User, "POST", Batch, "{\"jobs\":" + ManyJobs(1001) + "}", "application/json", 400, "A batch holds 1 to 1000 jobs, not 1001" },
        { Caller.User, "POST", Batch, "{\"jobs\":[{\"type\":\"reverse_string\",\"payload\":\"ok\"},{\"type\":\"fibonacci_calc\",\"payload\":-1}]}", "application/json", 400, "jobs[1].payload" },
        { Caller.User, "POST", Batch, "{\"jobs\":[{\"type\":\"reverse_string\",\"payload\":\"ok\"},null]}", "application/json", 400, "jobs[1].type" },
        { Caller.User, "POST", Batch, "{\"jobs\":[{\"type\":\"nope\",\"payload\":\"ok\"}]}", "application/json", 400, "jobs[0].type" },
        { Caller.User, "POST", Batch, "{\"jobs\":{\"type\":\"reverse_string\"}}", "application/json", 400, "not valid JSON" },
        { Caller.User, "POST", Batch, "{\"jobs\":[" + string.Join(",", Enumerable.Repeat("{\"type\":\"reverse_string\",\"payload\":\"" + new string('x', 9000) + "\"}", 1000)) + "]}", "application/json", 413, "at most 8388608 bytes" },
        // Malformed ids and query parameters.
        { Caller.User, "GET", "/api/jobs/not-a-guid", null, "", 400, "is not a job id" },
        { Caller.User, "GET", "/api/jobs/123", null, "", 400, "is not a job id" },
        { Caller.User, "GET", "/api/jobs/'%20OR%201=1--", null, "", 400, "is not a job id" },
        { Caller.User, "POST", "/api/jobs/%3Cb%3Ebold%3C%2Fb%3E/cancel", null, "", 400, "is not a job id" },
        { Caller.User, "POST", "/api/jobs/00000000-0000-0000-0000-000000000000/cancel", null, "", 404, "no job" },
        { Caller.User, "GET", "/api/jobs?status=Bogus", null, "", 400, "Unknown status" },
        { Caller.User, "GET", "/api/jobs?status='%20OR%201=1--", null, "", 400, "Unknown status" },
        { Caller.User, "GET", "/api/jobs?page=0", null, "", 400, "page starts at 1" },
        { Caller.User, "GET", "/api/jobs?page=abc", null, "", 400, "page must be a whole number" },
        { Caller.User, "GET", "/api/jobs?pageSize=100000", null, "", 400, "pageSize must be between 1 and 500" },
        { Caller.User, "GET", "/api/jobs?pageSize=-1", null, "", 400, "pageSize must be between 1 and 500" },
        { Caller.User, "GET", "/api/jobs?pageSize=1e99", null, "", 400, "pageSize must be a whole number" },
        { Caller.User, "GET", "/api/jobs?total=all", null, "", 400, "total is 'exact'" },
        // Admin calls with bad input.
        { Caller.Admin, "PUT", "/api/workers/no-such-worker/concurrency", "{\"concurrency\":0}", "application/json", 400, "concurrency" },
        { Caller.Admin, "PUT", "/api/workers/no-such-worker/concurrency", "{\"concurrency\":1000}", "application/json", 400, "concurrency" },
        { Caller.Admin, "POST", "/api/queues/Bad%20Name/pause", null, "", 400, "queue name" },
        { Caller.Admin, "POST", "/api/queues/%3Cscript%3E/purge", null, "", 400, "queue name" },
        { Caller.Admin, "POST", "/api/users", "{\"email\":\"not-an-email\",\"password\":\"Passw0rd-long\",\"role\":\"User\"}", "application/json", 400, "email" },
        { Caller.Admin, "POST", "/api/users", "{\"email\":\"weak@jobqueue.test\",\"password\":\"x\",\"role\":\"User\"}", "application/json", 400, "password" },
        { Caller.Admin, "POST", "/api/users", "{\"email\":\"role@jobqueue.test\",\"password\":\"Passw0rd-long\",\"role\":\"Superuser\"}", "application/json", 400, "role" },
        { Caller.Admin, "POST", "/api/wall-keys", "{\"name\":\"\"}", "application/json", 400, "name" },
        { Caller.Admin, "POST", "/api/wall-keys", "{\"name\":\"lobby\",\"expires\":\"never\"}", "application/json", 400, "Unknown field 'expires'" },
        { Caller.Admin, "POST", "/api/users", "{\"email\":\"x@jobqueue.test\",\"password\":\"Passw0rd-long\",\"isAdmin\":true}", "application/json", 400, "Unknown field 'isAdmin'" },
        { Caller.Admin, "POST", "/api/users", "{\"email\":\"short@jobqueue.test\",\"password\":\"elevenchars\",\"role\":\"User\"}", "application/json", 400, "at least 12 characters" },
        { Caller.Admin, "PUT", "/api/workers/no-such-worker/concurrency", "{\"concurrency\":4,\"force\":true}", "application/json", 400, "Unknown field 'force'" },
        { Caller.Admin, "POST", "/api/queues", "{\"name\":\"Bad Name\"}", "application/json", 400, "queue name" },
        { Caller.Admin, "POST", "/api/queues", "{\"name\":\"default\\n\"}", "application/json", 400, "queue name" },
        { Caller.Admin, "POST", "/api/queues", "{\"name\":\"q\",\"type\":\"classic\"}", "application/json", 400, "Unknown field 'type'" },
        { Caller.Admin, "POST", "/api/queues", "{\"name\":\"default\"}", "application/json", 409, "exists already" },
        { Caller.Admin, "DELETE", "/api/queues/default", null, "", 409, "always exists" },
        { Caller.Admin, "DELETE", "/api/queues/never-created?purge=yes", null, "", 400, "purge must be true or false" },
        { Caller.Admin, "DELETE", "/api/dead-letters/999999999", null, "", 404, "dead letter" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task MalformedRequest_Gets4xxProblemDetailsSayingWhy_AndChangesNothing(
        Caller caller, string method, string path, string? body, string contentType, int status, string says)
    {
        using var admin = await system.SignInAsAdminAsync();
        using var user = await system.NewUserAsync();
        var before = await SnapshotAsync(admin);

        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        if (body is not null)
            request.Content = new StringContent(body, Encoding.UTF8, contentType);
        var response = await (caller == Caller.Admin ? admin : user).Http.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(status, text);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", text);
        using var problem = JsonDocument.Parse(text);
        problem.RootElement.GetProperty("status").GetInt32().ShouldBe(status);
        text.ShouldContain(says, Case.Insensitive);

        (await SnapshotAsync(admin)).ShouldBe(before, "a rejected request changed something");
        (await user.Http.GetFromJsonAsync<JsonElement>("/api/jobs")).GetProperty("total").GetInt32().ShouldBe(0);
    }

    [Fact]
    public void TheMatrix_HasAtLeastFortyMalformedRequests() => Requests.Count.ShouldBeGreaterThanOrEqualTo(40);

    [Fact]
    public async Task InvalidUtf8InABody_Answers400_AndStoresNothing()
    {
        using var user = await system.NewUserAsync();
        var body = "{\"type\":\"reverse_string\",\"payload\":\"ab\"}"u8.ToArray();
        body[^3] = 0xFF;
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var response = await user.Http.PostAsync(new Uri(Submit, UriKind.Relative), content);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("not valid UTF-8");
        (await user.ListAsync()).Total.ShouldBe(0);
    }

    [Fact]
    public async Task AnonymousBodies_AreCappedSmall_BeforeAnythingIsRead()
    {
        using var anonymous = new HttpClient { BaseAddress = system.DashboardUrl };
        var huge = new string('x', 10 * 1024 * 1024);
        // The client waits for a go-ahead before sending the body, as a well-behaved one does; the answer comes first.
        using var loginRequest = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/auth/login", UriKind.Relative))
        {
            Content = new StringContent($"{{\"email\":\"a@b.c\",\"password\":\"{huge}\"}}", Encoding.UTF8, "application/json"),
        };
        loginRequest.Headers.ExpectContinue = true;
        var login = await anonymous.SendAsync(loginRequest);
        login.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);

        using var browserlike = FormSignIn.NewClient(system.DashboardUrl);
        var page = await browserlike.GetStringAsync(new Uri("/Account/Login", UriKind.Relative));
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        using var formRequest = new HttpRequestMessage(HttpMethod.Post, new Uri("/Account/Login", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login", ["__RequestVerificationToken"] = token, ["Input.Email"] = "a@b.c", ["Input.Password"] = new string('p', 100_000),
            }),
        };
        formRequest.Headers.ExpectContinue = true;
        var form = await browserlike.SendAsync(formRequest);
        form.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge, await form.Content.ReadAsStringAsync());
        form.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task APageFarPastTheEnd_IsEmpty_NotTheFirstPage()
    {
        using var user = await system.NewUserAsync();
        await user.SubmitAsync("reverse_string", "\"one\"", await system.NewQueueAsync("far-page"));
        var page = await user.ListAsync("?page=2147483647&pageSize=500");
        page.Items.ShouldBeEmpty();
        page.Total.ShouldBe(1);
    }

    [Fact]
    public async Task ApiAnswers_CarryNoStore_TheSignInAnswerIncluded()
    {
        using var anonymous = new HttpClient { BaseAddress = system.DashboardUrl };
        var login = await anonymous.PostAsJsonAsync("/api/auth/login", new { email = JobQueueSystem.AdminEmail, password = JobQueueSystem.AdminPassword });
        login.StatusCode.ShouldBe(HttpStatusCode.OK);
        login.Headers.CacheControl!.NoStore.ShouldBeTrue();
        using var user = await system.NewUserAsync();
        (await user.Http.GetAsync(new Uri("/api/jobs", UriKind.Relative))).Headers.CacheControl!.NoStore.ShouldBeTrue();
        (await anonymous.GetAsync(new Uri("/api/jobs", UriKind.Relative))).Headers.CacheControl!.NoStore.ShouldBeTrue();
    }

    [Fact]
    public async Task AForeignHostHeader_IsRefused_AndRedirectsNeverCarryTheHost()
    {
        using var client = FormSignIn.NewClient(system.DashboardUrl);
        using var foreign = new HttpRequestMessage(HttpMethod.Get, new Uri("/jobs", UriKind.Relative));
        foreign.Headers.Host = "evil.example";
        (await client.SendAsync(foreign)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var redirect = await client.GetAsync(new Uri("/jobs", UriKind.Relative));
        ((int)redirect.StatusCode).ShouldBe(FormSignIn.Redirect);
        redirect.Headers.Location!.IsAbsoluteUri.ShouldBeFalse($"the redirect carries a host: {redirect.Headers.Location}");
    }

    [Fact]
    public async Task SignIn_WithANonAsciiReturnUrl_SetsTheCookieAndRedirectsEscaped()
    {
        using var client = FormSignIn.NewClient(system.DashboardUrl);
        var page = await client.GetStringAsync(new Uri("/Account/Login?ReturnUrl=%2Fjobs%3Fq%3D%C3%A9", UriKind.Relative));
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var response = await client.PostAsync(new Uri("/Account/Login?ReturnUrl=%2Fjobs%3Fq%3D%C3%A9", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["__RequestVerificationToken"] = token,
            ["Input.Email"] = JobQueueSystem.AdminEmail, ["Input.Password"] = JobQueueSystem.AdminPassword,
        }));
        ((int)response.StatusCode).ShouldBe(FormSignIn.Redirect, await response.Content.ReadAsStringAsync());
        response.Headers.Location!.OriginalString.ShouldEndWith("/jobs?q=%C3%A9");
        response.Headers.Contains("Set-Cookie").ShouldBeTrue();
    }

    private static string ManyJobs(int count) =>
        "[" + string.Join(",", Enumerable.Repeat("{\"type\":\"reverse_string\",\"payload\":\"x\"}", count)) + "]";

    private static async Task<string> SnapshotAsync(ApiClient admin)
    {
        var jobs = (await admin.Http.GetFromJsonAsync<JsonElement>("/api/jobs?pageSize=1")).GetProperty("total").GetInt32();
        var users = (await admin.Http.GetFromJsonAsync<JsonElement>("/api/users")).GetArrayLength();
        var keys = (await admin.Http.GetFromJsonAsync<JsonElement>("/api/wall-keys")).GetArrayLength();
        return $"{jobs} jobs, {users} users, {keys} wall keys";
    }
}
