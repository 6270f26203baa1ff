using JobQueue.Dashboard.Api;
using JobQueue.Dashboard.Identity;
using Microsoft.Extensions.Options;

namespace JobQueue.Dashboard.Security;

/// <summary>
/// Browsers send a site's cookie with a WebSocket handshake from any page of the same site (another port, a sibling
/// subdomain), and no CORS rule stops a WebSocket. So a hub or circuit connection that comes with the cookie must come
/// from the dashboard's own origin or one of <see cref="AuthOptions.AllowedOrigins"/>; others get 403. Bearer-token
/// clients, which carry their credential themselves, may connect from anywhere.
/// </summary>
public static class ConnectionOrigins
{
    public static IApplicationBuilder UseConnectionOriginCheck(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if ((request.Path.StartsWithSegments("/hubs") || request.Path.StartsWithSegments("/_blazor"))
            && !IdentityExtensions.UsesBearer(request)
            && request.Headers.Origin is { Count: > 0 } origins && origins.ToString() is { Length: > 0 } origin
            && !IsAllowed(origin, request, context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value))
        {
            await context.WriteProblemAsync(StatusCodes.Status403Forbidden, "Cross-origin connection refused.",
                $"A page from {origin} may not connect here with the dashboard's cookie. Connect with a bearer token "
                + "(from POST /api/auth/login), or have an admin add the origin to Auth:AllowedOrigins.");
            return;
        }
        await next(context);
    });

    /// <summary>
    /// The dashboard's own origin is its host and port as the request names them. The scheme is not compared: behind a
    /// TLS proxy the page is https while the dashboard hears http, and one host and port serve one scheme only.
    /// </summary>
    private static bool IsAllowed(string origin, HttpRequest request, AuthOptions options) =>
        (Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}", request.Host.Value, StringComparison.OrdinalIgnoreCase))
        || options.AllowedOrigins.Any(allowed => string.Equals(origin, allowed.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));
}
