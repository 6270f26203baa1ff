using System.Net;
using System.Net.WebSockets;
using JobQueue.Tests.Infrastructure;

namespace JobQueue.Tests.Integration;

/// <summary>
/// Cross-site WebSocket hijacking: a page on another origin of the same site gets the victim's cookie sent with its
/// WebSocket handshake. The hub (and the circuit endpoint) take a cookie connection only from the dashboard's own origin.
/// </summary>
[Collection(SystemTests.Name)]
public class ConnectionOriginTests(JobQueueSystem system)
{
    private const string Foreign = "http://127.0.0.1:1";

    private string Own => system.DashboardUrl.ToString().TrimEnd('/');

    [Fact]
    public async Task HubNegotiate_WithTheCookie_IsRefusedFromAForeignOrigin_AndAcceptedFromTheDashboardsOwn()
    {
        using var cookie = await FormSignIn.SignInAsync(system.DashboardUrl, JobQueueSystem.AdminEmail, JobQueueSystem.AdminPassword);

        var foreign = await NegotiateAsync(cookie, Foreign);
        foreign.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        foreign.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await foreign.Content.ReadAsStringAsync()).ShouldContain("bearer token");

        (await NegotiateAsync(cookie, Own)).StatusCode.ShouldBe(HttpStatusCode.OK);
        // A client that sends no Origin is no browser page, so no victim's cookie can be riding on it.
        (await NegotiateAsync(cookie, origin: null)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task HubNegotiate_WithABearerToken_IsAcceptedFromAnyOrigin()
    {
        using var api = await system.SignInAsAdminAsync();
        (await NegotiateAsync(api.Http, Foreign)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(Foreign, false)]
    [InlineData(null, true)]
    public async Task HubWebSocket_WithTheCookie_OpensOnlyFromTheDashboardsOwnOrigin(string? origin, bool opens)
    {
        var cookies = new CookieContainer();
        using (var signIn = new HttpClient(FormSignIn.Handler(null, cookies)) { BaseAddress = system.DashboardUrl })
            ((int)(await FormSignIn.PostAsync(signIn, JobQueueSystem.AdminEmail, JobQueueSystem.AdminPassword)).StatusCode).ShouldBe(FormSignIn.Redirect);

        using var socket = new ClientWebSocket();
        socket.Options.Cookies = cookies;
        socket.Options.SetRequestHeader("Origin", origin ?? Own);
        var url = new UriBuilder(system.DashboardUrl) { Scheme = "ws", Path = "/hubs/jobs" }.Uri;
        if (opens)
        {
            await socket.ConnectAsync(url, CancellationToken.None);
            socket.State.ShouldBe(WebSocketState.Open);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        }
        else
        {
            var refused = await Should.ThrowAsync<WebSocketException>(() => socket.ConnectAsync(url, CancellationToken.None));
            refused.Message.ShouldContain("403");
        }
    }

    private static Task<HttpResponseMessage> NegotiateAsync(HttpClient client, string? origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/hubs/jobs/negotiate?negotiateVersion=1", UriKind.Relative));
        if (origin is not null)
            request.Headers.Add("Origin", origin);
        return client.SendAsync(request);
    }
}
