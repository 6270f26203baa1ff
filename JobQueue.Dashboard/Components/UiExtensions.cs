using MudBlazor.Services;

namespace JobQueue.Dashboard.Components;

public static class UiExtensions
{
    /// <summary>The Blazor Server pages: MudBlazor, interactive server rendering, the signed-in user, per-call scopes.</summary>
    public static IHostApplicationBuilder AddDashboardUi(this IHostApplicationBuilder builder)
    {
        // Notifications: bottom right, away from the forms at the top; short; the same one never twice at once.
        builder.Services.AddMudServices(config =>
        {
            config.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight;
            config.SnackbarConfiguration.PreventDuplicates = true;
            config.SnackbarConfiguration.MaxDisplayedSnackbars = 3;
            config.SnackbarConfiguration.VisibleStateDuration = 4000;
            config.SnackbarConfiguration.ShowTransitionDuration = 200;
            config.SnackbarConfiguration.HideTransitionDuration = 200;
        });
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddSingleton(typeof(Scoped<>));
        // One per circuit: the viewer's time zone, asked once.
        builder.Services.AddBrowserClock();
        builder.Services.AddSingleton<Overview.IOverviewReader, Overview.OverviewReader>();
        return builder;
    }
}
