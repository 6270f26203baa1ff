using System.Net;
using System.Net.Http.Json;
using JobQueue.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace JobQueue.Tests.Unit;

/// <summary>The client's token on a fake clock: one sign-in, a refresh before it expires, a new sign-in when the refresh is refused.</summary>
public sealed class ClientTokenTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeAuth _auth = new();

    private JobQueueTokens Tokens()
    {
        var services = new ServiceCollection();
        services.AddHttpClient(JobQueueTokens.HttpClientName, c => c.BaseAddress = new Uri("http://dashboard.test/"))
            .ConfigurePrimaryHttpMessageHandler(() => _auth);
        var provider = services.BuildServiceProvider();
        return new JobQueueTokens(provider.GetRequiredService<IHttpClientFactory>(),
            Options.Create(new JobQueueClientOptions { BaseAddress = new Uri("http://dashboard.test/"), Email = "me@x", Password = "pw" }), _time);
    }

    public void Dispose() => _auth.Dispose();

    [Fact]
    public async Task Get_SignsInOnce_AndKeepsTheTokenWhileItIsFresh()
    {
        using var tokens = Tokens();
        var first = await tokens.GetAsync(default);
        (await tokens.GetAsync(default)).ShouldBe(first);
        _time.Advance(TimeSpan.FromMinutes(13));
        (await tokens.GetAsync(default)).ShouldBe(first);
        (_auth.Logins, _auth.Refreshes).ShouldBe((1, 0));
    }

    [Fact]
    public async Task Get_AMinuteBeforeItExpires_RefreshesIt()
    {
        using var tokens = Tokens();
        var first = await tokens.GetAsync(default);
        _time.Advance(TimeSpan.FromMinutes(14.5));
        var second = await tokens.GetAsync(default);
        second.ShouldNotBe(first);
        (_auth.Logins, _auth.Refreshes).ShouldBe((1, 1));
        _auth.RefreshedWith.ShouldBe(["refresh-1"]);
    }

    [Fact]
    public async Task Get_WhenTheRefreshIsRefused_SignsInAgain()
    {
        using var tokens = Tokens();
        await tokens.GetAsync(default);
        _auth.RefuseRefresh = true;
        _time.Advance(TimeSpan.FromMinutes(20));
        await tokens.GetAsync(default);
        (_auth.Logins, _auth.Refreshes).ShouldBe((2, 1));
    }

    [Fact]
    public async Task Get_AfterItsTokenWasRejected_GetsANewOne_OnceForManyCallers()
    {
        using var tokens = Tokens();
        var rejected = await tokens.GetAsync(default);
        var renewed = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => tokens.GetAsync(default, rejected)));
        renewed.Distinct().Count().ShouldBe(1);
        renewed[0].ShouldNotBe(rejected);
        _auth.Refreshes.ShouldBe(1);
    }

    [Fact]
    public async Task Get_WithWrongCredentials_ThrowsAnAuthenticationExceptionWithTheProblem()
    {
        _auth.RefuseLogin = true;
        using var tokens = Tokens();
        var refused = await Should.ThrowAsync<JobQueueAuthenticationException>(() => tokens.GetAsync(default));
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        refused.Problem!.Detail.ShouldBe("The email or password is wrong.");
    }

    /// <summary>The dashboard's sign-in and refresh, counted: tokens live 15 minutes.</summary>
    private sealed class FakeAuth : HttpMessageHandler
    {
        private int _issued;
        public int Logins;
        public int Refreshes;
        public bool RefuseRefresh;
        public bool RefuseLogin;
        public List<string> RefreshedWith { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = await request.Content!.ReadFromJsonAsync<Dictionary<string, string>>(cancellationToken);
            if (request.RequestUri!.AbsolutePath == "/api/auth/refresh")
            {
                Interlocked.Increment(ref Refreshes);
                RefreshedWith.Add(body!["refreshToken"]);
                if (RefuseRefresh)
                    return new HttpResponseMessage(HttpStatusCode.Unauthorized);
            }
            else
            {
                Interlocked.Increment(ref Logins);
                if (RefuseLogin)
                    return new HttpResponseMessage(HttpStatusCode.Unauthorized)
                    {
                        Content = JsonContent.Create(new { title = "Sign-in refused.", status = 401, detail = "The email or password is wrong." },
                            mediaType: new System.Net.Http.Headers.MediaTypeHeaderValue("application/problem+json")),
                    };
            }
            var n = Interlocked.Increment(ref _issued);
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = JsonContent.Create(new { tokenType = "Bearer", accessToken = $"access-{n}", expiresIn = 900, refreshToken = $"refresh-{n}" }),
            };
        }
    }
}
