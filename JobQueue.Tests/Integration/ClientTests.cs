using System.Net;
using JobQueue.Client;
using JobQueue.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace JobQueue.Tests.Integration;

/// <summary>The typed .NET client against the real system: submit, watch through the hub, cancel, errors as exceptions, one job per retried submit.</summary>
[Collection(SystemTests.Name)]
public class ClientTests(JobQueueSystem system)
{
    private async Task<(ApiClient User, JobQueueClients Clients)> NewClientAsync(Action<IHttpClientBuilder>? configure = null)
    {
        var user = await system.NewUserAsync();
        return (user, JobQueueClients.For(system.DashboardUrl, user.Email, user.Password, configure));
    }

    [Fact]
    public async Task WatchAsync_SeesQueuedRunningAndSucceeded_InOrder_ThenEnds()
    {
        var (user, clients) = await NewClientAsync();
        using var _ = user;
        await using var __ = clients;
        var job = await clients.Client.SubmitAsync("sleep", new { seconds = 1, steps = 4 }, new SubmitOptions { Queue = system.Queue });

        var changes = new List<JobChange>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await foreach (var change in clients.Client.WatchAsync(job.Id, timeout.Token))
            changes.Add(change);

        changes.Select(c => c.Status).Distinct().ShouldBe([JobStatus.Queued, JobStatus.Running, JobStatus.Succeeded]);
        changes.Select(c => c.At).ShouldBeInOrder(SortDirection.Ascending);
        var progress = changes.Where(c => c.Progress is not null).Select(c => c.Progress!.Value).ToList();
        progress.ShouldBeInOrder(SortDirection.Ascending);
        changes[^1].Result.ShouldBe("slept 1 s in 4 steps");
        (await clients.Client.WaitAsync(job.Id, timeout.Token)).Result.ShouldBe("slept 1 s in 4 steps");
    }

    [Fact]
    public async Task WatchAsync_WhenItsHubConnectionDropsWhileTheJobEnds_ReadsTheJobAgain_AndEndsWithItsResult()
    {
        using var user = await system.NewUserAsync();
        await using var proxy = new HangingProxy(new IPEndPoint(IPAddress.Loopback, system.DashboardUrl.Port));
        await using var clients = JobQueueClients.For(proxy.Url, user.Email, user.Password);
        var job = await clients.Client.SubmitAsync("sleep", new { seconds = 2, steps = 2 }, new SubmitOptions { Queue = system.Queue });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var changes = new List<JobChange>();
        await using var watch = clients.Client.WatchAsync(job.Id, timeout.Token).GetAsyncEnumerator(timeout.Token);
        while (changes.LastOrDefault()?.Status != JobStatus.Running && await watch.MoveNextAsync())
            changes.Add(watch.Current);
        changes[^1].Status.ShouldBe(JobStatus.Running);

        // The connection drops and the job ends while it is away: its outcome is pushed to nobody.
        proxy.Hang();
        await user.WaitForStatusAsync(job.Id, Shared.Contracts.JobStatus.Succeeded);
        proxy.Restore();
        // The client connects again, reads the job, and the watch ends with its outcome.
        while (await watch.MoveNextAsync())
            changes.Add(watch.Current);
        changes[^1].Status.ShouldBe(JobStatus.Succeeded);
        changes[^1].Result.ShouldBe("slept 2 s in 2 steps");
        changes.Select(c => c.Status).Distinct().ShouldBe([JobStatus.Queued, JobStatus.Running, JobStatus.Succeeded]);
        proxy.HungConnections.ShouldBeGreaterThan(0, "the client tried to connect again while the connection was away");
    }

    [Fact]
    public async Task CancelAsync_OfARunningJob_EndsCancelled()
    {
        var (user, clients) = await NewClientAsync();
        using var _ = user;
        await using var __ = clients;
        var job = await clients.Client.SubmitAsync("sleep", new { seconds = 60, steps = 60 }, new SubmitOptions { Queue = system.Queue });
        var step = "waiting for it to run";
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        JobInfo ended;
        try
        {
            await foreach (var change in clients.Client.WatchAsync(job.Id, timeout.Token))
            {
                if (change.Status == JobStatus.Running)
                    break;
            }

            step = "cancelling it";
            var cancelling = await clients.Client.CancelAsync(job.Id, timeout.Token);
            cancelling.Status.ShouldBeOneOf(JobStatus.Cancelling, JobStatus.Cancelled);
            step = "waiting for it to end";
            ended = await clients.Client.WaitAsync(job.Id, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            // Which step did not end, and where the job was then: a failure here says what to look at.
            var now = await clients.Client.GetAsync(job.Id);
            throw new ShouldAssertException($"Timed out {step}: the job is {now.Status} at {now.Progress} % on attempt {now.Attempt}, started {now.StartedAt:O}");
        }
        ended.Status.ShouldBe(JobStatus.Cancelled);
        ended.FinishedAt.ShouldNotBeNull();

        // Cancelling it again: it has finished, which the API says with 409.
        var again = await Should.ThrowAsync<JobQueueConflictException>(() => clients.Client.CancelAsync(job.Id, timeout.Token));
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Submit_ABadPayload_ThrowsAValidationException_WithEachErrorByItsPath()
    {
        var (user, clients) = await NewClientAsync();
        using var _ = user;
        await using var __ = clients;
        var refused = await Should.ThrowAsync<JobQueueValidationException>(() =>
            clients.Client.SubmitAsync("sleep", new { seconds = 0, steps = 5000 }, new SubmitOptions { Queue = system.Queue }));
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        refused.Errors["payload.seconds"].ShouldBe(["seconds must be more than 0 and at most 3600."]);
        refused.Errors["payload.steps"].ShouldBe(["steps must be between 1 and 1000."]);
        refused.Problem!.Title.ShouldNotBeNullOrEmpty();

        var unknown = await Should.ThrowAsync<JobQueueValidationException>(() => clients.Client.SubmitAsync("no_such_type", "x"));
        unknown.Errors["type"].Single().ShouldContain("known types: ");
        (await user.ListAsync()).Total.ShouldBe(0);
        await Should.ThrowAsync<JobNotFoundException>(() => clients.Client.GetAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task Submit_WhoseAnswerIsLost_IsSentAgainWithTheSameIdempotencyKey_AndMakesOneJob()
    {
        var lose = new LoseFirstAnswer();
        var (user, clients) = await NewClientAsync(http => http.AddHttpMessageHandler(() => lose));
        using var _ = user;
        await using var __ = clients;

        var job = await clients.Client.SubmitAsync("reverse_string", "once", new SubmitOptions { Queue = system.Queue });

        lose.Lost.ShouldBe(1);
        lose.Keys.Distinct().Count().ShouldBe(1, "the retry sent another Idempotency-Key");
        (await user.ListAsync()).Total.ShouldBe(1);
        (await clients.Client.WaitAsync(job.Id)).Result.ShouldBe("ecno");
    }

    [Fact]
    public async Task SubmitMany_MakesEveryJob_AndGetJobTypes_ListsTheCatalog()
    {
        var (user, clients) = await NewClientAsync();
        using var _ = user;
        await using var __ = clients;
        var jobs = await clients.Client.SubmitManyAsync("fibonacci_calc", [10, 20, 30], new SubmitOptions { Queue = system.Queue });
        jobs.Count.ShouldBe(3);
        var results = await Task.WhenAll(jobs.Select(j => clients.Client.WaitAsync(j.Id)));
        results.Select(r => r.Result).ShouldBe(["55", "6765", "832040"]);

        var types = await clients.Client.GetJobTypesAsync();
        JobQueueSystem.BuiltInJobTypes.Except(types.Select(t => t.Name)).ShouldBeEmpty();
        types.Single(t => t.Name == "sleep").WorkersOnline.Count.ShouldBe(2);
    }

    /// <summary>Forwards the first submit but throws instead of handing back its answer, as a connection that broke after the request went out.</summary>
    private sealed class LoseFirstAnswer : DelegatingHandler
    {
        private int _posts;

        public int Lost { get; private set; }
        public List<string> Keys { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method != HttpMethod.Post)
                return await base.SendAsync(request, cancellationToken);
            Keys.AddRange(request.Headers.GetValues("Idempotency-Key"));
            var response = await base.SendAsync(request, cancellationToken);
            if (Interlocked.Increment(ref _posts) > 1)
                return response;
            response.Dispose();
            Lost++;
            throw new HttpRequestException("The connection broke before the answer came.");
        }
    }
}
