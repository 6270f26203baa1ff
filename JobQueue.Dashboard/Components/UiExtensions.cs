using MudBlazor.Services;

namespace JobQueue.Dashboard.Components;

public static class UiExtensions
{
    /// <summary>The Blazor Server pages: MudBlazor, interactive server rendering, the signed-in user, per-call scopes.</summary>
    public static IHostApplicationBuilder AddDashboardUi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddMudServices();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddSingleton(typeof(Scoped<>));
        builder.Services.AddSingleton<Overview.IOverviewReader, Overview.OverviewReader>();
        return builder;
    }
}
