using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using JobQueue.Tests.Infrastructure;

namespace JobQueue.Tests.Integration;

[Collection(SystemTests.Name)]
public class AuthTests(JobQueueSystem system)
{
    [Theory]
    [InlineData("GET", "/api/jobs")]
    [InlineData("POST", "/api/jobs")]
    [InlineData("GET", "/api/jobs/01a207f5-f303-7457-a5a9-5624a43db401")]
    [InlineData("POST", "/api/jobs/01a207f5-f303-7457-a5a9-5624a43db401/cancel")]
    [InlineData("GET", "/api/users")]
    public async Task Api_WithoutToken_Returns401ProblemDetails(string method, string path)
    {
        using var http = new HttpClient { BaseAddress = system.DashboardUrl };
        var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task Api_WithBadToken_Returns401()
    {
        using var http = new HttpClient { BaseAddress = system.DashboardUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");
        (await http.GetAsync(new Uri("/api/jobs", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Login_WithWrongPassword_Returns401ProblemDetails()
    {
        using var http = new HttpClient { BaseAddress = system.DashboardUrl };
        var response = await http.PostAsJsonAsync("/api/auth/login", new { email = JobQueueSystem.AdminEmail, password = "wrong" });
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()
            .ShouldNotBeNull().ShouldContain("wrong");
    }

    [Fact]
    public async Task OtherUsersJob_IsNotFoundForAUser_AndVisibleToAnAdmin()
    {
        using var owner = await system.NewUserAsync();
        using var stranger = await system.NewUserAsync();
        using var admin = await system.SignInAsAdminAsync();
        var job = await owner.SubmitAsync("reverse_string", "\"mine\"", await system.NewQueueAsync("auth"));

        (await stranger.Http.GetAsync(new Uri($"/api/jobs/{job.Id}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.CancelAsync(job.Id)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.ListAsync("?pageSize=500")).Items.ShouldNotContain(j => j.Id == job.Id);
        (await owner.ListAsync("?pageSize=500")).Items.ShouldContain(j => j.Id == job.Id);

        var seenByAdmin = await admin.GetAsync(job.Id);
        seenByAdmin.Owner.ShouldStartWith("user-");
        (await admin.ListAsync("?pageSize=500")).Items.ShouldContain(j => j.Id == job.Id);
        (await admin.CancelAsync(job.Id)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task UsersApi_ForANonAdmin_Returns403()
    {
        using var user = await system.NewUserAsync();
        var response = await user.Http.PostAsJsonAsync("/api/users", new { email = "x@jobqueue.test", password = "Whatever-123", role = "Admin" });
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await user.Http.GetAsync(new Uri("/api/users", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task UsersApi_DisableThenEnable_BlocksAndRestoresSignIn_ButNotForYourself()
    {
        using var admin = await system.SignInAsAdminAsync();
        var email = $"toggle-{Guid.NewGuid():N}@jobqueue.test";
        await admin.CreateUserAsync(email, "Toggle-Passw0rd", "User");
        var users = await admin.Http.GetFromJsonAsync<JsonElement>("/api/users");
        var id = users.EnumerateArray().Single(u => u.GetProperty("email").GetString() == email).GetProperty("id").GetString();
        using var http = new HttpClient { BaseAddress = system.DashboardUrl };

        (await admin.Http.PostAsync(new Uri($"/api/users/{id}/disable", UriKind.Relative), null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await http.PostAsJsonAsync("/api/auth/login", new { email, password = "Toggle-Passw0rd" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        (await admin.Http.PostAsync(new Uri($"/api/users/{id}/enable", UriKind.Relative), null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await http.PostAsJsonAsync("/api/auth/login", new { email, password = "Toggle-Passw0rd" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var adminId = users.EnumerateArray().Single(u => u.GetProperty("email").GetString() == JobQueueSystem.AdminEmail).GetProperty("id").GetString();
        (await admin.Http.PostAsync(new Uri($"/api/users/{adminId}/disable", UriKind.Relative), null)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Refresh_GivesNewTokens_UntilTheUsersAccessIsRevoked()
    {
        using var admin = await system.SignInAsAdminAsync();
        var email = $"refresh-{Guid.NewGuid():N}@jobqueue.test";
        await admin.CreateUserAsync(email, "Refresh-Passw0rd", "User");
        using var http = new HttpClient { BaseAddress = system.DashboardUrl };
        var login = await (await http.PostAsJsonAsync("/api/auth/login", new { email, password = "Refresh-Passw0rd" })).Content.ReadFromJsonAsync<JsonElement>();
        login.GetProperty("expiresIn").GetInt32().ShouldBe(15 * 60, "access tokens are short-lived");
        var refreshToken = login.GetProperty("refreshToken").GetString();

        var refreshed = await http.PostAsJsonAsync("/api/auth/refresh", new { refreshToken });
        refreshed.StatusCode.ShouldBe(HttpStatusCode.OK, await refreshed.Content.ReadAsStringAsync());
        var tokens = await refreshed.Content.ReadFromJsonAsync<JsonElement>();
        using (var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/jobs", UriKind.Relative)))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());
            (await http.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var id = (await admin.Http.GetFromJsonAsync<JsonElement>("/api/users")).EnumerateArray()
            .Single(u => u.GetProperty("email").GetString() == email).GetProperty("id").GetString();
        (await admin.Http.PostAsync(new Uri($"/api/users/{id}/disable", UriKind.Relative), null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var afterDisable = await http.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.GetProperty("refreshToken").GetString() });
        afterDisable.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await afterDisable.Content.ReadAsStringAsync()).ShouldContain("sign in again");

        (await http.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = "not-a-token" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await http.PostAsJsonAsync("/api/auth/refresh", new { })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task RefreshTokens_Rotate_AndReusingOneRevokesItsFamily()
    {
        using var admin = await system.SignInAsAdminAsync();
        var email = $"rotate-{Guid.NewGuid():N}@jobqueue.test";
        await admin.CreateUserAsync(email, "Rotate-Passw0rd", "User");
        using var http = new HttpClient { BaseAddress = system.DashboardUrl };
        async Task<string> SignInAsync() => (await (await http.PostAsJsonAsync("/api/auth/login", new { email, password = "Rotate-Passw0rd" }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refreshToken").GetString()!;
        async Task<(HttpStatusCode Status, string? Next)> RefreshAsync(string token)
        {
            using var answer = await http.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = token });
            return (answer.StatusCode, answer.StatusCode == HttpStatusCode.OK
                ? (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refreshToken").GetString() : null);
        }

        var first = await SignInAsync();
        var other = await SignInAsync(); // another sign-in: a family of its own
        var (status, second) = await RefreshAsync(first);
        status.ShouldBe(HttpStatusCode.OK);
        (status, var third) = await RefreshAsync(second!);
        status.ShouldBe(HttpStatusCode.OK, "each new token is good once");

        // The first token again (a thief's copy): refused, and the family goes with it: the newest token is refused too.
        (await RefreshAsync(first)).Status.ShouldBe(HttpStatusCode.Unauthorized);
        (await RefreshAsync(third!)).Status.ShouldBe(HttpStatusCode.Unauthorized);
        (await RefreshAsync(second!)).Status.ShouldBe(HttpStatusCode.Unauthorized);
        // The other sign-in's family is untouched.
        (status, _) = await RefreshAsync(other);
        status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Logout_EndsTheCallersTokens()
    {
        using var user = await system.NewUserAsync();
        using var second = await system.SignInAsync(user.Email, user.Password);
        (await user.Http.PostAsync(new Uri("/api/auth/logout", UriKind.Relative), null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await user.Http.GetAsync(new Uri("/api/jobs", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await second.Http.GetAsync(new Uri("/api/jobs", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("eleven-char", 400)]
    [InlineData("all lower case words", 201)]
    [InlineData("twelve chars", 201)]
    public async Task Passwords_NeedTwelveCharacters_AndNoCompositionRules(string password, int expected)
    {
        using var admin = await system.SignInAsAdminAsync();
        var response = await admin.Http.PostAsJsonAsync("/api/users", new { email = $"pw-{Guid.NewGuid():N}@jobqueue.test", password });
        ((int)response.StatusCode).ShouldBe(expected, await response.Content.ReadAsStringAsync());
        if (expected == 400)
            (await response.Content.ReadAsStringAsync()).ShouldContain("at least 12 characters");
    }

    [Fact]
    public async Task UsersApi_WeakPassword_Returns400NamingThePassword()
    {
        using var admin = await system.SignInAsAdminAsync();
        var response = await admin.Http.PostAsJsonAsync("/api/users", new { email = "weak@jobqueue.test", password = "short" });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("password", out _).ShouldBeTrue();
    }
}

[Collection(SystemTests.Name)]
public class LockoutTests(JobQueueSystem system)
{
    [Fact]
    public async Task Login_AfterFiveWrongPasswords_IsLockedEvenWithTheRightOne()
    {
        using var user = await system.NewUserAsync();
        using var http = new HttpClient { BaseAddress = system.DashboardUrl };
        for (var i = 0; i < 5; i++)
            (await http.PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = "wrong" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var response = await http.PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = user.Password });
        var unknown = await http.PostAsJsonAsync("/api/auth/login", new { email = $"nobody-{Guid.NewGuid():N}@jobqueue.test", password = "wrong" });

        // Locked says the same as wrong, so an attacker cannot tell a locked real account from an unknown one.
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        Detail(await response.Content.ReadAsStringAsync()).ShouldBe(Detail(await unknown.Content.ReadAsStringAsync()));
        Detail(await response.Content.ReadAsStringAsync()).ShouldNotBeNull().ShouldContain("wait a few minutes");
    }

    private static string? Detail(string problem) => JsonDocument.Parse(problem).RootElement.GetProperty("detail").GetString();
}
