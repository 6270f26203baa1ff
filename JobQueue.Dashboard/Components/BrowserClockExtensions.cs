using Microsoft.AspNetCore.Components;

namespace JobQueue.Dashboard.Components;

public static class BrowserClockExtensions
{
    /// <summary>
    /// One <see cref="BrowserClock"/> per circuit, cascaded to every component (<c>[CascadingParameter] BrowserClock</c>)
    /// through a source that re-renders them when the clock learns the viewer's zone.
    /// </summary>
    public static IServiceCollection AddBrowserClock(this IServiceCollection services)
    {
        services.AddScoped<BrowserClock>();
        services.AddScoped(sp => new CascadingValueSource<BrowserClock>(sp.GetRequiredService<BrowserClock>(), isFixed: false));
        services.AddCascadingValue(sp => sp.GetRequiredService<CascadingValueSource<BrowserClock>>());
        return services;
    }
}
