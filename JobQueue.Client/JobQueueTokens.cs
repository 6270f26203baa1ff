using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace JobQueue.Client;

/// <summary>
/// The client's bearer token: signs in with the credentials on first use, refreshes the token (with its refresh token)
/// before it expires, and signs in again when the refresh is refused (the refresh token expired, or the user's access
/// changed). One sign-in or refresh at a time, however many calls wait for it.
/// </summary>
internal sealed class JobQueueTokens(IHttpClientFactory factory, IOptions<JobQueueClientOptions> options, TimeProvider time) : IDisposable
{
    /// <summary>The named client that signs in: the only one without the token handler.</summary>
    public const string HttpClientName = "JobQueue.Client.Auth";

    /// <summary>A token this close to expiring is refreshed before it is used.</summary>
    private static readonly TimeSpan RefreshAhead = TimeSpan.FromSeconds(60);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private TokenResponse? _tokens;
    private DateTimeOffset _expiresAt;

    /// <param name="rejected">The token a call was just refused with (401): a newer one is needed.</param>
    public async Task<string> GetAsync(CancellationToken cancellationToken, string? rejected = null)
    {
        if (Current(rejected) is { } current)
            return current;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (Current(rejected) is { } fresh)
                return fresh;
            var http = factory.CreateClient(HttpClientName);
            if (_tokens is { RefreshToken: var refreshToken })
            {
                var refreshed = await http.PostAsJsonAsync("api/auth/refresh", new { refreshToken }, JobQueueJson.Options, cancellationToken);
                if (refreshed.IsSuccessStatusCode)
                    return Keep(await refreshed.Content.ReadFromJsonAsync<TokenResponse>(JobQueueJson.Options, cancellationToken));
            }
            var settings = options.Value;
            var login = await http.PostAsJsonAsync("api/auth/login", new { email = settings.Email, password = settings.Password }, JobQueueJson.Options, cancellationToken);
            if (!login.IsSuccessStatusCode)
            {
                var problem = await Problems.ReadAsync(login, cancellationToken);
                throw login.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                    ? new JobQueueAuthenticationException($"Signing in to JobQueue as {settings.Email} was refused: {problem?.Detail ?? problem?.Title ?? login.ReasonPhrase}",
                        login.StatusCode, problem)
                    : Problems.ToException(login, problem, "Signing in to JobQueue");
            }
            return Keep(await login.Content.ReadFromJsonAsync<TokenResponse>(JobQueueJson.Options, cancellationToken));
        }
        finally
        {
            _gate.Release();
        }
    }

    private string? Current(string? rejected) =>
        _tokens is { AccessToken: var token } && token != rejected && time.GetUtcNow() < _expiresAt - RefreshAhead ? token : null;

    private string Keep(TokenResponse? tokens)
    {
        _tokens = tokens ?? throw new JobQueueException("JobQueue answered a sign-in without tokens.");
        _expiresAt = time.GetUtcNow() + TimeSpan.FromSeconds(tokens.ExpiresIn);
        return tokens.AccessToken;
    }

    public void Dispose() => _gate.Dispose();
}
