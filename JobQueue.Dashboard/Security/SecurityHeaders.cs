namespace JobQueue.Dashboard.Security;

/// <summary>
/// Headers on every response, pages and API alike. The content security policy allows scripts only from this
/// dashboard (no inline script, no eval), so text a user submitted can never run even if a page forgot to encode it.
/// MudBlazor sets inline styles, hence 'unsafe-inline' for styles only. Wall addresses carry their key in the
/// query string, so no page sends a referrer.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
        + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            // API answers (sign-in tokens among them) and account pages are for the caller alone: no cache may keep them.
            if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/Account"))
                headers.CacheControl = "no-store";
            return Task.CompletedTask;
        });
        return next(context);
    });
}
