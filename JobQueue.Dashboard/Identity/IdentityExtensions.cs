using JobQueue.Dashboard.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace JobQueue.Dashboard.Identity;

public static class IdentityExtensions
{
    private const string SelectScheme = "JobQueue";

    /// <summary>
    /// ASP.NET Core Identity with two ways in: the cookie for the pages, and bearer tokens (from
    /// <c>POST /api/auth/login</c>) for the REST API and the hub. API and hub calls never get a redirect: 401.
    /// </summary>
    public static IHostApplicationBuilder AddJobQueueIdentity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AdminSeedOptions>().BindConfiguration(AdminSeedOptions.Section);
        builder.Services.AddAuthentication(o =>
            {
                o.DefaultScheme = SelectScheme;
                o.DefaultChallengeScheme = SelectScheme;
            })
            .AddPolicyScheme(SelectScheme, "Cookie for pages, bearer token for the API and hub", o =>
                o.ForwardDefaultSelector = context => UsesBearer(context.Request)
                    ? IdentityConstants.BearerScheme
                    : IdentityConstants.ApplicationScheme)
            .AddBearerToken(IdentityConstants.BearerScheme, o =>
            {
                o.BearerTokenExpiration = builder.Configuration.GetValue("Auth:TokenLifetime", TimeSpan.FromHours(8));
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
            }));

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Admin, policy => policy.RequireRole(Roles.Admin));

        builder.Services.AddIdentityCore<Microsoft.AspNetCore.Identity.IdentityUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
                o.Password.RequiredLength = 8;
                o.Password.RequireNonAlphanumeric = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<JobQueueDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        builder.Services.AddScoped<UserAdministration>();
        return builder;
    }

    private static bool UsesBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        || request.Path.StartsWithSegments("/api")
        || (IsHub(request) && request.Query.ContainsKey("access_token"));

    private static bool IsHub(HttpRequest request) => request.Path.StartsWithSegments("/hubs");

    private static Task DenyApiRedirect(RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api") || IsHub(context.Request))
            context.Response.StatusCode = status;
        else
            context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
