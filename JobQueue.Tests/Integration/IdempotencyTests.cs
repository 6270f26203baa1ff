using System.Net;
using System.Net.Http.Json;
using System.Text;
using JobQueue.Dashboard.Jobs;
using JobQueue.Tests.Infrastructure;

namespace JobQueue.Tests.Integration;

/// <summary>A script that retries a submit after a lost answer, with the same Idempotency-Key, gets the first answer and no second job.</summary>
[Collection(SystemTests.Name)]
public class IdempotencyTests(JobQueueSystem system)
{
    private static Task<HttpResponseMessage> PostAsync(ApiClient api, string path, string body, params string[] keys)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        foreach (var key in keys)
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return api.Http.SendAsync(request);
    }

    [Fact]
    public async Task Submit_RetriedWithTheSameKey_ReturnsTheFirstAnswer_AndStoresOneJob()
    {
        using var user = await system.NewUserAsync();
        var key = Guid.NewGuid().ToString();
        var body = $"{{\"type\":\"reverse_string\",\"payload\":\"once\",\"queue\":\"{system.Queue}\"}}";

        var first = await PostAsync(user, "/api/jobs", body, key);
        first.StatusCode.ShouldBe(HttpStatusCode.Created, await first.Content.ReadAsStringAsync());
        var job = (await first.Content.ReadFromJsonAsync<JobDto>(ApiClient.Json))!;
        // The same request spaced differently is the same request.
        var again = await PostAsync(user, "/api/jobs", body.Replace(",", ", ", StringComparison.Ordinal), key);

        again.StatusCode.ShouldBe(HttpStatusCode.Created);
        again.Headers.GetValues("Idempotent-Replayed").Single().ShouldBe("true");
        (await again.Content.ReadAsStringAsync()).ShouldBe(await first.Content.ReadAsStringAsync());
        (await user.ListAsync()).Total.ShouldBe(1);
        await user.WaitForStatusAsync(job.Id, JobQueue.Shared.Contracts.JobStatus.Succeeded);
    }

    [Fact]
    public async Task Submit_TheSameKeyWithAnotherRequest_Answers422_AndStoresNothing()
    {
        using var user = await system.NewUserAsync();
        var key = Guid.NewGuid().ToString();
        (await PostAsync(user, "/api/jobs", $"{{\"type\":\"reverse_string\",\"payload\":\"a\",\"queue\":\"{system.Queue}\"}}", key)).StatusCode
            .ShouldBe(HttpStatusCode.Created);

        var other = await PostAsync(user, "/api/jobs", $"{{\"type\":\"reverse_string\",\"payload\":\"b\",\"queue\":\"{system.Queue}\"}}", key);
        other.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await other.Content.ReadAsStringAsync()).ShouldContain("another request");
        var batch = await PostAsync(user, "/api/jobs/batch", $"{{\"jobs\":[{{\"type\":\"reverse_string\",\"payload\":\"a\",\"queue\":\"{system.Queue}\"}}]}}", key);
        batch.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, "the same key on another endpoint is another request");
        (await user.ListAsync()).Total.ShouldBe(1);
    }

    [Fact]
    public async Task Keys_BelongToTheirUser()
    {
        using var one = await system.NewUserAsync();
        using var two = await system.NewUserAsync();
        var key = Guid.NewGuid().ToString();
        var body = $"{{\"type\":\"reverse_string\",\"payload\":\"mine\",\"queue\":\"{system.Queue}\"}}";
        var first = (await (await PostAsync(one, "/api/jobs", body, key)).Content.ReadFromJsonAsync<JobDto>(ApiClient.Json))!;
        var second = (await (await PostAsync(two, "/api/jobs", body, key)).Content.ReadFromJsonAsync<JobDto>(ApiClient.Json))!;
        second.Id.ShouldNotBe(first.Id);
        (await two.Http.GetAsync(new Uri($"/api/jobs/{first.Id}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task BatchSubmit_SentTenTimesAtOnceWithOneKey_StoresOneBatch_AndEveryAnswerIsTheSame()
    {
        using var user = await system.NewUserAsync();
        var key = Guid.NewGuid().ToString();
        var jobs = string.Join(",", Enumerable.Range(0, 20).Select(i => $"{{\"type\":\"reverse_string\",\"payload\":\"b{i}\",\"queue\":\"{system.Queue}\"}}"));
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => PostAsync(user, "/api/jobs/batch", $"{{\"jobs\":[{jobs}]}}", key)));

        answers.ShouldAllBe(a => a.StatusCode == HttpStatusCode.Created);
        var bodies = await Task.WhenAll(answers.Select(a => a.Content.ReadAsStringAsync()));
        bodies.Distinct().Count().ShouldBe(1);
        (await user.ListAsync("?pageSize=500")).Total.ShouldBe(20);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("tab\tinside")]
    public async Task AnUnusableKey_Answers400_AndStoresNothing(string key)
    {
        using var user = await system.NewUserAsync();
        var response = await PostAsync(user, "/api/jobs", $"{{\"type\":\"reverse_string\",\"payload\":\"x\",\"queue\":\"{system.Queue}\"}}", key);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Idempotency-Key");
        (await user.ListAsync()).Total.ShouldBe(0);
    }

    [Fact]
    public async Task AKeyTooLong_OrTwoKeys_Answer400()
    {
        using var user = await system.NewUserAsync();
        var body = $"{{\"type\":\"reverse_string\",\"payload\":\"x\",\"queue\":\"{system.Queue}\"}}";
        (await PostAsync(user, "/api/jobs", body, new string('k', 256))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await PostAsync(user, "/api/jobs", body, "one", "two")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await user.ListAsync()).Total.ShouldBe(0);
    }
}
