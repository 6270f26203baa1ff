using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace JobQueue.Dashboard.Components.Layout;

public partial class MainLayout
{
    /// <summary>localStorage key of the theme the user chose; absent means: follow the OS.</summary>
    public const string ThemeKey = "jobqueue.theme";

    private MudThemeProvider _themeProvider = default!;
    private bool _isDarkMode;
    private bool _drawerOpen = true;
    private bool _interactive;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
            return;
        var chosen = await JS.InvokeAsync<string?>("localStorage.getItem", ThemeKey);
        _isDarkMode = chosen is null ? await _themeProvider.GetSystemDarkModeAsync() : chosen == "dark";
        _interactive = true;
        StateHasChanged();
    }

    private void ToggleDrawer() => _drawerOpen = !_drawerOpen;

    private async Task ToggleThemeAsync()
    {
        _isDarkMode = !_isDarkMode;
        await JS.InvokeVoidAsync("localStorage.setItem", ThemeKey, _isDarkMode ? "dark" : "light");
    }
}
