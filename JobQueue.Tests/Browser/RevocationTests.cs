using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JobQueue.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace JobQueue.Tests.Browser;

/// <summary>
/// Each way access is revoked (disabled, demoted, password changed, signed out) ends every kind of session the user
/// holds within 30 s: a bearer token, a cookie on a page request, an open Blazor circuit and an open hub connection.
/// The figures (how long each kept working) are printed.
/// </summary>
[Collection(AdminPagesBrowserTests.Name)]
public class RevocationTests(JobQueueSystem system, BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private const string Password = "Revoked-Passw0rd-1";

    public enum Revocation { Disable, Demote, PasswordChange, SignOut }

    [BrowserTheory]
    [InlineData(Revocation.Disable)]
    [InlineData(Revocation.Demote)]
    [InlineData(Revocation.PasswordChange)]
    [InlineData(Revocation.SignOut)]
    public Task Revocation_EndsTheTokenTheCookieTheCircuitAndTheHubConnection_Within30Seconds(Revocation revocation) =>
        browser.RunAsync(system.DashboardUrl, $"Revocation_{revocation}", async page =>
        {
            using var admin = await system.SignInAsAdminAsync();
            var email = $"revoke-{revocation.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}@jobqueue.test";
            await admin.CreateUserAsync(email, Password, revocation == Revocation.Demote ? "Admin" : "User");
            var userId = (await admin.Http.GetFromJsonAsync<JsonElement>("/api/users")).EnumerateArray()
                .Single(u => u.GetProperty("email").GetString() == email).GetProperty("id").GetString()!;

            // The sessions that must end.
            using var api = await ApiClient.SignInAsync(system.DashboardUrl, email, Password);
            using var cookie = await FormSignIn.SignInAsync(system.DashboardUrl, email, Password);
            var hubClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using var hub = new HubConnectionBuilder()
                .WithUrl(new Uri(system.DashboardUrl, "/hubs/jobs"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(api.AccessToken))
                .Build();
            hub.Closed += _ =>
            {
                hubClosed.TrySetResult();
                return Task.CompletedTask;
            };
            await hub.StartAsync();
            await SignInPage.SignInAsync(page, email, Password, "/jobs");
            await SignInPage.WaitUntilInteractiveAsync(page);
            (await api.Http.GetAsync(new Uri(revocation == Revocation.Demote ? "/api/users" : "/api/jobs", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);

            var clock = Stopwatch.StartNew();
            await RevokeAsync(revocation, admin, userId, email);
            var revokedIn = clock.Elapsed;

            var times = await Task.WhenAll(
                UntilAsync("API token", clock, async () =>
                    (await api.Http.GetAsync(new Uri("/api/jobs", UriKind.Relative))).StatusCode == HttpStatusCode.Unauthorized),
                UntilAsync("cookie page", clock, async () =>
                    (await cookie.GetAsync(new Uri("/jobs", UriKind.Relative))).Headers.Location?.ToString().Contains("Account/Login", StringComparison.Ordinal) == true),
                UntilAsync("open circuit", clock, async () =>
                {
                    await page.WaitForURLAsync("**/Account/Login**", new PageWaitForURLOptions { Timeout = (float)Bound.TotalMilliseconds });
                    return true;
                }),
                UntilAsync("hub connection", clock, async () =>
                {
                    await hubClosed.Task.WaitAsync(Bound);
                    return true;
                }));
            output.WriteLine($"{revocation} (took {revokedIn.TotalMilliseconds:0} ms): " + string.Join(", ", times.Select(t => $"{t.What} ended after {t.After.TotalSeconds:0.0} s")));
            times.ShouldAllBe(t => t.After <= Bound);

            // Nothing of the old session comes back: the hub refuses the old token, the API too.
            var again = new HubConnectionBuilder()
                .WithUrl(new Uri(system.DashboardUrl, "/hubs/jobs"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(api.AccessToken))
                .Build();
            (await Should.ThrowAsync<HttpRequestException>(() => again.StartAsync())).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            await again.DisposeAsync();
            (await api.Http.GetAsync(new Uri("/api/users", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            if (revocation == Revocation.Demote)
            {
                // Signed in afresh, the demoted admin is a user: no admin right at all.
                using var demoted = await ApiClient.SignInAsync(system.DashboardUrl, email, Password);
                (await demoted.Http.GetAsync(new Uri("/api/users", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
                (await demoted.Http.PutAsJsonAsync($"/api/users/{userId}/role", new { role = "Admin" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            }
        });

    private async Task RevokeAsync(Revocation revocation, ApiClient admin, string userId, string email)
    {
        switch (revocation)
        {
            case Revocation.Disable:
                (await admin.Http.PostAsync(new Uri($"/api/users/{userId}/disable", UriKind.Relative), null)).StatusCode.ShouldBe(HttpStatusCode.OK);
                break;
            case Revocation.Demote:
                (await admin.Http.PutAsJsonAsync($"/api/users/{userId}/role", new { role = "User" })).StatusCode.ShouldBe(HttpStatusCode.OK);
                break;
            case Revocation.PasswordChange:
            {
                // From another browser of the user's: that one keeps its session, every other ends.
                using var elsewhere = await FormSignIn.SignInAsync(system.DashboardUrl, email, Password);
                var changed = await FormSignIn.PostFormAsync(elsewhere, "/Account/ChangePassword", "/Account/ChangePassword", new()
                {
                    ["_handler"] = "change-password", ["Input.CurrentPassword"] = Password,
                    ["Input.NewPassword"] = Password + "-new", ["Input.ConfirmPassword"] = Password + "-new",
                });
                (await changed.Content.ReadAsStringAsync()).ShouldContain("Your password has been changed");
                ((int)(await elsewhere.GetAsync(new Uri("/jobs", UriKind.Relative))).StatusCode).ShouldBe(200, "the browser that changed the password lost its session");
                break;
            }
            case Revocation.SignOut:
            {
                // Signing out in one browser signs the user out everywhere.
                using var elsewhere = await FormSignIn.SignInAsync(system.DashboardUrl, email, Password);
                var signedOut = await FormSignIn.PostFormAsync(elsewhere, "/jobs", "/Account/Logout", new() { ["returnUrl"] = "/" });
                ((int)signedOut.StatusCode).ShouldBe(FormSignIn.Redirect);
                break;
            }
        }
    }

    private static async Task<(string What, TimeSpan After)> UntilAsync(string what, Stopwatch clock, Func<Task<bool>> ended)
    {
        while (clock.Elapsed <= Bound)
        {
            try
            {
                if (await ended())
                    return (what, clock.Elapsed);
            }
            catch (TimeoutException)
            {
                break;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The {what} still worked {Bound.TotalSeconds:0} s after access was revoked.");
    }
}
