using JobQueue.Dashboard.Audit;
using JobQueue.Dashboard.Identity;
using JobQueue.Dashboard.Monitor;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;

namespace JobQueue.Dashboard.Components.Monitor;

public sealed partial class WallKeysPage
{
    [Inject] private WallKeyStore Store { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private CircuitOrigin Origin { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private IReadOnlyList<WallKeyDto> _keys = [];
    private string? _name;
    private string? _nameError;
    private bool _showErrors;
    private string? _queues;
    private string? _queuesError;
    private CreatedWallKey? _created;

    protected override async Task OnInitializedAsync() => _keys = await Store.ListAsync(CancellationToken.None);

    private string WallUrl(CreatedWallKey created) => Navigation.ToAbsoluteUri(created.WallPath).ToString();

    private async Task CreateAsync()
    {
        _nameError = WallKeyStore.ValidateName(_name);
        var queues = (_queues ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        _queuesError = WallKeyStore.ValidateQueues(queues);
        if (_nameError is not null || _queuesError is not null)
            return;
        var admin = JobViewer.From((await AuthenticationState).User);
        _created = await Store.CreateAsync(_name!, _showErrors, admin.Actor(Origin), CancellationToken.None, queues);
        _name = null;
        _queues = null;
        _showErrors = false;
        _keys = await Store.ListAsync(CancellationToken.None);
    }

    private async Task RevokeAsync(WallKeyDto key)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Revoke wall key", $"Walls opened with '{key.Name}' stop showing data within seconds.",
            yesText: "Revoke", cancelText: "Keep it");
        if (confirmed != true)
            return;
        await Store.RevokeAsync(key.Id, JobViewer.From((await AuthenticationState).User).Actor(Origin), CancellationToken.None);
        _keys = await Store.ListAsync(CancellationToken.None);
        Snackbar.Add($"Revoked '{key.Name}'", Severity.Info);
    }

    private async Task CopyAsync(string text)
    {
        await JS.InvokeVoidAsync("navigator.clipboard.writeText", text);
        Snackbar.Add("Copied the wall address", Severity.Info);
    }
}
