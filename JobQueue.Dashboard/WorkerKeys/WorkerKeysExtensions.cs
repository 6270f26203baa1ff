using JobQueue.Dashboard.Identity;
using Microsoft.AspNetCore.Authentication;

namespace JobQueue.Dashboard.WorkerKeys;

public static class WorkerKeysExtensions
{
    /// <summary>Worker keys: their store, their authentication scheme and the policy of the endpoints HTTP workers call.</summary>
    public static IHostApplicationBuilder AddWorkerKeys(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<WorkerKeyStore>();
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, WorkerKeyAuthenticationHandler>(IdentityExtensions.WorkerKeyScheme, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Worker, policy => policy.AddAuthenticationSchemes(IdentityExtensions.WorkerKeyScheme).RequireRole(Roles.Worker));
        return builder;
    }
}
