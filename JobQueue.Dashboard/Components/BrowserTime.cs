using Microsoft.JSInterop;

namespace JobQueue.Dashboard.Components;

/// <summary>The viewer's time zone, which the server has no other way to know: times on a page read in it.</summary>
public static class BrowserTime
{
    /// <summary>The browser's offset from UTC; zero (UTC) when the page's script cannot say (an old cached script).</summary>
    public static async Task<TimeSpan> OffsetAsync(IJSRuntime js)
    {
        try
        {
            return TimeSpan.FromMinutes(-await js.InvokeAsync<int>("jobQueue.timezoneOffset"));
        }
        catch (JSException)
        {
            return TimeSpan.Zero;
        }
    }
}
