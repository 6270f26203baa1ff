using JobQueue.Dashboard.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace JobQueue.Dashboard.Identity;

public static class IdentityExtensions
{
    public const int MinPasswordLength = 12;
    public const int MaxPasswordLength = 256;

    private const string SelectScheme = "JobQueue";

    /// <summary>The scheme of worker keys (<c>Authorization: Bearer jqwk_...</c>), registered by the worker keys feature.</summary>
    public const string WorkerKeyScheme = "WorkerKey";

    /// <summary>How every worker key begins, so a request's bearer token says which scheme reads it.</summary>
    public const string WorkerKeyPrefix = "jqwk_";

    /// <summary>
    /// ASP.NET Core Identity with two ways in: the cookie for the pages, and short-lived bearer tokens (from
    /// <c>POST /api/auth/login</c>, renewed by <c>/api/auth/refresh</c>) for the REST API and the hub. API and hub calls
    /// never get a redirect: 401. Every session is checked against the user's current state (<see cref="SessionValidator"/>),
    /// so disabling, a role change, a password change and signing out end it everywhere.
    /// </summary>
    public static IHostApplicationBuilder AddJobQueueIdentity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AdminSeedOptions>().BindConfiguration(AdminSeedOptions.Section);
        builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section)
            .Validate(o => o.TokenLifetime >= TimeSpan.FromMinutes(1) && o.RefreshTokenLifetime >= o.TokenLifetime,
                "Auth:TokenLifetime must be at least a minute and Auth:RefreshTokenLifetime at least as long.")
            .Validate(o => o.RevalidationInterval >= TimeSpan.FromSeconds(1) && o.RevalidationInterval <= TimeSpan.FromMinutes(5),
                "Auth:RevalidationInterval must be between 1 second and 5 minutes.")
            .Validate(o => o.FailuresPerAddress >= 1 && o.FailuresPerAccount >= 1 && o.FailureWindow >= TimeSpan.FromSeconds(1) && o.ConcurrentPasswordChecks >= 1,
                "Auth:FailuresPerAddress, Auth:FailuresPerAccount and Auth:ConcurrentPasswordChecks must be at least 1, Auth:FailureWindow at least a second.")
            .ValidateOnStart();
        builder.Services.AddOptions<BearerTokenOptions>(IdentityConstants.BearerScheme)
            .Configure<IOptions<AuthOptions>>((o, auth) =>
            {
                o.BearerTokenExpiration = auth.Value.TokenLifetime;
                o.RefreshTokenExpiration = auth.Value.RefreshTokenLifetime;
            });

        builder.Services.AddAuthentication(o =>
            {
                o.DefaultScheme = SelectScheme;
                o.DefaultChallengeScheme = SelectScheme;
            })
            .AddPolicyScheme(SelectScheme, "Cookie for pages, bearer token for the API and hub, worker key for HTTP workers", o =>
                o.ForwardDefaultSelector = context => UsesWorkerKey(context.Request) ? WorkerKeyScheme
                    : UsesBearer(context.Request) ? IdentityConstants.BearerScheme
                    : IdentityConstants.ApplicationScheme)
            .AddBearerToken(IdentityConstants.BearerScheme, o =>
            {
                // Browsers cannot set headers on WebSockets, so the hub also takes the token from the query string.
                o.Events.OnMessageReceived = context =>
                {
                    if (IsHub(context.Request) && context.Request.Query["access_token"] is { Count: > 0 } token)
                        context.Token = token;
                    return Task.CompletedTask;
                };
            })
            .AddIdentityCookies(cookies => cookies.ApplicationCookie?.Configure(o =>
            {
                o.LoginPath = "/Account/Login";
                o.AccessDeniedPath = "/Account/AccessDenied";
                o.Events.OnRedirectToLogin = context => DenyApiRedirect(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => DenyApiRedirect(context, StatusCodes.Status403Forbidden);
                // Signing in on the sign-in page goes to its ReturnUrl: only a local one, escaped for the header.
                o.Events.OnRedirectToReturnUrl = context =>
                {
                    context.Response.Redirect(ReturnUrls.Local(context.RedirectUri));
                    return Task.CompletedTask;
                };
            }));

        // Every [Authorize] and RequireAuthorization() needs a user's role: a worker key (role Worker) passes only the
        // HTTP worker endpoints' own policy.
        builder.Services.AddAuthorizationBuilder()
            .SetDefaultPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireRole(Roles.All).Build())
            .AddPolicy(Roles.Admin, policy => policy.RequireRole(Roles.Admin));

        builder.Services.AddIdentityCore<IdentityUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                // Length, not composition: a long passphrase beats "Passw0rd!" (NIST SP 800-63B).
                o.Password.RequiredLength = MinPasswordLength;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 1;
                // Disabling an account uses the lockout end; failed sign-ins are counted by LoginThrottle instead.
                o.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<JobQueueDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        builder.Services.AddScoped<UserAdministration>();
        builder.Services.AddSingleton<SessionValidator>();
        builder.Services.AddSingleton<LoginThrottle>();
        builder.Services.AddScoped<SignInGate>();
        builder.Services.AddScoped<RefreshTokenFamilies>();
        builder.Services.AddScoped<UserSessions>();
        builder.Services.AddScoped<AuthenticationStateProvider, RevalidatingSessionStateProvider>();
        return builder;
    }

    /// <summary>Bearer-token callers: scripts and hub clients. Everything else is a browser with the cookie.</summary>
    internal static bool UsesBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        || request.Path.StartsWithSegments("/api")
        || (IsHub(request) && request.Query.ContainsKey("access_token"));

    /// <summary>A worker key rides as a bearer token with its own prefix.</summary>
    public static bool UsesWorkerKey(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer " + WorkerKeyPrefix, StringComparison.Ordinal);

    private static bool IsHub(HttpRequest request) => request.Path.StartsWithSegments("/hubs");

    /// <summary>API and hub calls get a status; pages a redirect relative to this site, never one built from the Host header.</summary>
    private static Task DenyApiRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/metrics")
            || context.Request.Path.StartsWithSegments("/openapi") || IsHub(context.Request))
            context.Response.StatusCode = status;
        else
            context.Response.Redirect(Uri.TryCreate(context.RedirectUri, UriKind.Absolute, out var absolute) ? absolute.PathAndQuery : context.RedirectUri);
        return Task.CompletedTask;
    }
}
