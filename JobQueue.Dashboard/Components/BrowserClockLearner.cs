using Microsoft.AspNetCore.Components;

namespace JobQueue.Dashboard.Components;

/// <summary>
/// Asks the browser for the viewer's time zone once a circuit has rendered (<see cref="BrowserClock.LearnAsync"/>), and
/// re-renders every component that shows a time. Placed once, in <c>Routes</c>, for every page and layout.
/// </summary>
public sealed class BrowserClockLearner : ComponentBase
{
    [Inject] private BrowserClock Clock { get; set; } = default!;
    [Inject] private CascadingValueSource<BrowserClock> Source { get; set; } = default!;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && await Clock.LearnAsync())
            await Source.NotifyChangedAsync();
    }
}
