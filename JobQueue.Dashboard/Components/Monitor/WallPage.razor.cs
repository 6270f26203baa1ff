using JobQueue.Dashboard.Identity;
using JobQueue.Dashboard.Monitor;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace JobQueue.Dashboard.Components.Monitor;

/// <summary>
/// The monitor for a display on a wall. It opens with a wall key (or for a signed-in user), and checks the key
/// again every few seconds, so a revoked key blanks the walls that use it without anyone touching them.
/// </summary>
public sealed partial class WallPage : IDisposable
{
    private static readonly TimeSpan RecheckEvery = TimeSpan.FromSeconds(10);

    [Inject] private WallKeyStore Keys { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private ILogger<WallPage> Logger { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "key")] public string? Key { get; set; }

    /// <summary><c>&amp;queue=a&amp;queue=b</c>: a team's wall shows only its queues; none given, every queue.</summary>
    [SupplyParameterFromQuery(Name = "queue")] public string[]? Queue { get; set; }

    private HashSet<string>? PinnedQueues => Queue is { Length: > 0 } queues ? queues.ToHashSet(StringComparer.Ordinal) : null;

    private WallAccess _access = WallAccess.Checking;
    private MonitorViewer? _viewer;
    private ITimer? _recheck;

    protected override async Task OnInitializedAsync()
    {
        _access = await CheckAsync();
        if (!string.IsNullOrEmpty(Key))
            _recheck = Time.CreateTimer(_ => InvokeAsync(RecheckAsync), null, RecheckEvery, RecheckEvery);
    }

    /// <summary>A valid key opens the wall as the key allows; without one, a signed-in user sees it as on the monitor.</summary>
    private async Task<WallAccess> CheckAsync()
    {
        var user = (await AuthenticationState).User;
        _viewer = await Keys.OpenAsync(Key, CancellationToken.None)
            ?? (user.Identity?.IsAuthenticated == true ? MonitorViewer.For(JobViewer.From(user)) : null);
        return _viewer is null ? WallAccess.Denied : WallAccess.Granted;
    }

    private async Task RecheckAsync()
    {
        try
        {
            var access = await CheckAsync();
            if (access == _access)
                return;
            _access = access;
            StateHasChanged();
        }
        catch (Exception ex)
        {
            // The database may be down for a moment; the wall keeps what it shows and asks again later.
            Logger.LogWarning(ex, "Could not check a wall key");
        }
    }

    public void Dispose() => _recheck?.Dispose();
}
