using System.Net;
using System.Net.Http.Headers;

namespace JobQueue.Client;

/// <summary>
/// Puts the bearer token on every call; a call refused with 401 (the token expired early, or was ended by a sign-out
/// elsewhere) is sent once more with a new one.
/// </summary>
internal sealed class AuthenticatingHandler(JobQueueTokens tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await tokens.GetAsync(cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
            return response;
        response.Dispose();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetAsync(cancellationToken, rejected: token));
        return await base.SendAsync(request, cancellationToken);
    }
}
