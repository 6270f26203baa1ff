using System.Net;
using System.Text.Json;
using JobQueue.Shared.Contracts;
using JobQueue.Tests.Infrastructure;

namespace JobQueue.Tests.Integration;

[Collection(SystemTests.Name)]
public class JobPathTests(JobQueueSystem system)
{
    [Theory]
    [InlineData("reverse_string", "\"hello world\"", "dlrow olleh")]
    [InlineData("uppercase_text", "\"hello world\"", "HELLO WORLD")]
    [InlineData("fibonacci_calc", "10", "55")]
    [InlineData("sleep", "{\"seconds\": 0.3, \"steps\": 3}", "slept 0.3 s in 3 steps")]
    // Whole numbers written with a fraction part are integers to JSON Schema, and bind as such at the worker.
    [InlineData("fibonacci_calc", "10.0", "55")]
    [InlineData("sleep", "{\"seconds\": 0.2, \"steps\": 2.0}", "slept 0.2 s in 2 steps")]
    public async Task Submit_EachJobType_SucceedsWithTheRightResult(string type, string payload, string expected)
    {
        using var api = await system.SignInAsAdminAsync();
        var submitted = await api.SubmitAsync(type, payload, system.Queue);
        submitted.Status.ShouldBe(JobStatus.Queued);

        var done = await api.WaitForAsync(submitted.Id, j => j.Status is JobStatus.Succeeded or JobStatus.Failed);

        done.Status.ShouldBe(JobStatus.Succeeded, done.Error);
        done.Result.ShouldBe(expected);
        done.Progress.ShouldBe(100);
        done.WorkerId.ShouldNotBeNull().ShouldStartWith("worker-");
        done.StartedAt.ShouldNotBeNull();
        done.FinishedAt.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(done.StartedAt!.Value);
    }

    [Fact]
    public async Task Submit_FibonacciOfTenThousand_ReturnsAll2090Digits()
    {
        using var api = await system.SignInAsAdminAsync();
        var job = await api.SubmitAsync("fibonacci_calc", "10000", system.Queue);
        var done = await api.WaitForStatusAsync(job.Id, JobStatus.Succeeded);
        done.Result.ShouldNotBeNull().Length.ShouldBe(2090);
        done.Result.ShouldBe(Expected.Fibonacci(10000));
    }

    [Theory]
    [InlineData("{\"type\":\"no_such_type\",\"payload\":1}", "type")]
    [InlineData("{\"payload\":\"x\"}", "type")]
    [InlineData("{\"type\":\"reverse_string\",\"payload\":42}", "payload")]
    [InlineData("{\"type\":\"fibonacci_calc\",\"payload\":-1}", "payload")]
    [InlineData("{\"type\":\"fibonacci_calc\",\"payload\":10001}", "payload")]
    [InlineData("{\"type\":\"sleep\",\"payload\":{\"seconds\":0,\"steps\":1}}", "payload.seconds")]
    [InlineData("{\"type\":\"sleep\",\"payload\":{\"seconds\":1,\"steps\":1001}}", "payload.steps")]
    [InlineData("{\"type\":\"reverse_string\",\"payload\":\"x\",\"queue\":\"Bad Queue!\"}", "queue")]
    public async Task Submit_InvalidJob_Returns400NamingTheFieldAndStoresNothing(string body, string field)
    {
        using var api = await system.SignInAsAdminAsync();
        var before = (await api.ListAsync()).Total;

        var response = await api.PostJsonAsync("/api/jobs", body);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("errors").TryGetProperty(field, out var messages).ShouldBeTrue(problem.ToString());
        messages[0].GetString().ShouldNotBeNullOrWhiteSpace();
        (await api.ListAsync()).Total.ShouldBe(before);
    }

    [Theory]
    [InlineData("not json at all", "not valid JSON")]
    [InlineData("null", "JSON null")]
    public async Task Submit_UnreadableBody_Returns400WithProblemDetails(string body, string detail)
    {
        using var api = await system.SignInAsAdminAsync();
        var response = await api.PostJsonAsync("/api/jobs", body);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString().ShouldNotBeNull().ShouldContain(detail);
    }

    [Fact]
    public async Task Submit_BodyOver64KiB_Returns413AndStoresNothing()
    {
        using var api = await system.SignInAsAdminAsync();
        var before = (await api.ListAsync()).Total;
        var body = $"{{\"type\":\"reverse_string\",\"payload\":\"{new string('a', 70_000)}\"}}";

        var response = await api.PostJsonAsync("/api/jobs", body);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString().ShouldNotBeNull().ShouldContain("65536");
        (await api.ListAsync()).Total.ShouldBe(before);
    }

    [Fact]
    public async Task List_FiltersByStatusAndType_NewestFirst()
    {
        using var api = await system.SignInAsync(JobQueueSystem.AdminEmail, JobQueueSystem.AdminPassword);
        var parked = await system.NewQueueAsync("list");
        var first = await api.SubmitAsync("uppercase_text", "\"a\"", parked);
        var second = await api.SubmitAsync("uppercase_text", "\"b\"", parked);

        var page = await api.ListAsync("?status=queued&type=uppercase_text&pageSize=500");

        var ids = page.Items.Select(j => j.Id).ToList();
        ids.ShouldContain(first.Id);
        ids.IndexOf(second.Id).ShouldBeLessThan(ids.IndexOf(first.Id));
        page.Items.ShouldAllBe(j => j.Status == JobStatus.Queued && j.Type == "uppercase_text");

        var bad = await api.Http.GetAsync(new Uri("/api/jobs?status=Sideways", UriKind.Relative));
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Health_AliveAndReady_AnswerHealthy()
    {
        using var http = new HttpClient { BaseAddress = system.DashboardUrl };
        (await http.GetStringAsync(new Uri("/health", UriKind.Relative))).ShouldBe("Healthy");
        (await http.GetStringAsync(new Uri("/health/ready", UriKind.Relative))).ShouldBe("Healthy");
    }
}
