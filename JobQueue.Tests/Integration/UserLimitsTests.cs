using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JobQueue.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace JobQueue.Tests.Integration;

/// <summary>
/// The per-user and per-key limits, on a system of their own with JobQueue's default minimum recurring interval (the
/// shared test system lowers it) and small counts: what one user or key may hold is bounded, and one more is refused
/// saying which limit and how to stay within it.
/// </summary>
public sealed class UserLimitsTests(LimitedSystem system) : IClassFixture<LimitedSystem>
{
    private readonly JobQueueSystem _system = system;

    private static string Recurring(string name, string cron, string queue) =>
        "{\"name\":\"" + name + "\",\"cron\":\"" + cron + "\",\"job\":{\"type\":\"reverse_string\",\"payload\":\"x\",\"queue\":\"" + queue + "\"}}";

    [Fact]
    public async Task RecurringJobs_AUsersAreBoundedInNumberAndInterval_AnAdminsNot()
    {
        var queue = await _system.NewQueueAsync("limits");
        using var user = await _system.NewUserAsync();
        using var admin = await _system.SignInAsAdminAsync();
        async Task<(HttpStatusCode Status, string Body)> CreateAsync(ApiClient who, string name, string cron)
        {
            using var answer = await who.PostJsonAsync("/api/recurring", Recurring(name, cron, queue));
            return (answer.StatusCode, await answer.Content.ReadAsStringAsync());
        }

        // The probe made 200 of these in 1.1 s; they fired 3,905 jobs in 20 s.
        var (status, body) = await CreateAsync(user, "every-second", "* * * * * *");
        status.ShouldBe(HttpStatusCode.BadRequest, body);
        body.ShouldContain("runs as little as 1 s apart; a user's recurring job runs at most once every 60 s (Jobs:MinRecurringInterval)");
        // A burst once a day is as much as every second while it lasts.
        (status, body) = await CreateAsync(user, "midnight-burst", "0-59 0 0 * * *");
        status.ShouldBe(HttpStatusCode.BadRequest, body);
        (await CreateAsync(admin, "admins-may", "*/2 * * * * *")).Status.ShouldBe(HttpStatusCode.Created);

        for (var i = 0; i < 3; i++)
            (await CreateAsync(user, $"hourly-{i}", "0 * * * *")).Status.ShouldBe(HttpStatusCode.Created);
        (status, body) = await CreateAsync(user, "one-too-many", "0 * * * *");
        status.ShouldBe(HttpStatusCode.BadRequest, body);
        body.ShouldContain("You have 3 recurring jobs, the most one user may have (Jobs:MaxRecurringJobsPerUser)");
        (await user.Http.GetFromJsonAsync<JsonElement>("/api/recurring")).GetArrayLength().ShouldBe(3);

        // Editing one to run every second is refused too.
        var first = (await user.Http.GetFromJsonAsync<JsonElement>("/api/recurring"))[0].GetProperty("id").GetString();
        using var edited = await user.Http.PutAsync(new Uri($"/api/recurring/{first}", UriKind.Relative),
            new StringContent(Recurring("hourly-0", "*/5 * * * * *", queue), System.Text.Encoding.UTF8, "application/json"));
        edited.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await edited.Content.ReadAsStringAsync());
    }

    /// <summary>Connects as the hub's clients do; answers why the server closed the connection, or null when it stays open.</summary>
    private async Task<(HubConnection Connection, string? ClosedBecause)> ConnectAsync(string accessToken)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(_system.DashboardUrl, "/hubs/jobs"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(accessToken))
            .Build();
        var closed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += error =>
        {
            closed.TrySetResult(error?.Message ?? "closed");
            return Task.CompletedTask;
        };
        await connection.StartAsync();
        // Ready answers only once the server took the connection (OnConnectedAsync ran): a refused one closes instead.
        var ready = connection.InvokeAsync<JsonElement>("Ready");
        var first = await Task.WhenAny(ready, closed.Task);
        if (first == ready && ready.IsCompletedSuccessfully)
            return (connection, null);
        return (connection, await closed.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task HubConnections_OneUserMayOpenOnlySoMany()
    {
        using var user = await _system.NewUserAsync();
        var open = new List<HubConnection>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var (connection, why) = await ConnectAsync(user.AccessToken);
                open.Add(connection);
                why.ShouldBeNull();
            }
            // The probe held 300 and more.
            var (refused, because) = await ConnectAsync(user.AccessToken);
            open.Add(refused);
            because.ShouldNotBeNull().ShouldContain("You have 3 connections open to this dashboard's hub, the most one user may (Live:MaxHubConnectionsPerUser)");

            // Another user is not held back by this one's connections; one closed makes room again.
            using var other = await _system.NewUserAsync();
            var (others, otherWhy) = await ConnectAsync(other.AccessToken);
            open.Add(others);
            otherWhy.ShouldBeNull();
            await open[0].StopAsync();
            // The server forgets the closed one as it sees the close: a moment after the client's stop returns.
            var until = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (true)
            {
                var (again, againWhy) = await ConnectAsync(user.AccessToken);
                open.Add(again);
                if (againWhy is null)
                    break;
                DateTime.UtcNow.ShouldBeLessThan(until, $"no room after a connection closed: {againWhy}");
                await Task.Delay(100);
            }
        }
        finally
        {
            foreach (var connection in open)
                await connection.DisposeAsync();
        }
    }

    [Fact]
    public async Task WorkerIds_AKeyMayRegisterOnlySoMany_AndNeverAnotherKeys()
    {
        using var admin = await _system.SignInAsAdminAsync();
        var queue = await _system.NewQueueAsync("ids");
        var key = await HttpWorkerClient.CreateKeyAsync(admin, "many-ids", [queue]);
        var otherKey = await HttpWorkerClient.CreateKeyAsync(admin, "other-ids", [queue]);
        for (var i = 0; i < 3; i++)
        {
            using var worker = new HttpWorkerClient(_system.DashboardUrl, key, $"id-{i}");
            (await worker.FetchAsync(queue)).Status.ShouldBe(HttpStatusCode.NoContent);
        }
        // The probe's key registered 1,000.
        using (var fourth = new HttpWorkerClient(_system.DashboardUrl, key, "id-3"))
        {
            var (status, _, body) = await fourth.FetchAsync(queue);
            status.ShouldBe(HttpStatusCode.Conflict, body);
            body.ShouldContain("has 3 worker ids in use, the most one key may (HttpWorkers:MaxWorkerIdsPerKey)");
        }
        // An id in use stays its key's.
        using (var thief = new HttpWorkerClient(_system.DashboardUrl, otherKey, "id-0"))
        {
            var (status, _, body) = await thief.FetchAsync(queue);
            status.ShouldBe(HttpStatusCode.Conflict, body);
            body.ShouldContain("is used with another worker key");
        }
        // The key's own ids go on working.
        using (var again = new HttpWorkerClient(_system.DashboardUrl, key, "id-1"))
            (await again.FetchAsync(queue)).Status.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task RefusedSubmits_CountTowardTheSubmitRate()
    {
        var queue = await _system.NewQueueAsync("rate");
        using var user = await _system.NewUserAsync();
        // Each refused submit costs the server its check: five of them spend the burst of five (Jobs:SubmitBurst).
        for (var i = 0; i < 5; i++)
        {
            using var refused = await user.PostJsonAsync("/api/jobs", "{\"type\":\"fibonacci_calc\",\"payload\":-1,\"queue\":\"" + queue + "\"}");
            refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }
        using var limited = await user.PostJsonAsync("/api/jobs", "{\"type\":\"reverse_string\",\"payload\":\"x\",\"queue\":\"" + queue + "\"}");
        limited.StatusCode.ShouldBe((HttpStatusCode)429, await limited.Content.ReadAsStringAsync());
        limited.Headers.RetryAfter.ShouldNotBeNull();
    }

    [Fact]
    public async Task ChangePassword_WrongCurrentPasswords_CountAsFailedSignIns()
    {
        const string password = "Limits-Passw0rd-1";
        var email = $"limits-{Guid.NewGuid():N}@jobqueue.test";
        using (var admin = await _system.SignInAsAdminAsync())
            await admin.CreateUserAsync(email, password, "User");
        using var browser = await FormSignIn.SignInAsync(_system.DashboardUrl, email, password);
        async Task<string> ChangeAsync(string current)
        {
            using var answer = await FormSignIn.PostFormAsync(browser, "/Account/ChangePassword", "/Account/ChangePassword", new()
            {
                ["_handler"] = "change-password", ["Input.CurrentPassword"] = current,
                ["Input.NewPassword"] = password + "-new", ["Input.ConfirmPassword"] = password + "-new",
            });
            return await answer.Content.ReadAsStringAsync();
        }

        // Five wrong guesses (Auth:FailuresPerAccount), then even the right one is refused from this address,
        for (var i = 0; i < 5; i++)
            (await ChangeAsync($"guess-{i}")).ShouldContain("Incorrect password");
        (await ChangeAsync(password)).ShouldContain("Too many wrong passwords for this account");
        // and so is a sign-in: the guesses counted as failed sign-ins.
        using var signIn = new HttpClient { BaseAddress = _system.DashboardUrl };
        (await signIn.PostAsJsonAsync("/api/auth/login", new { email, password })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
