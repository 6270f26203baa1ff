using JobQueue.Dashboard.Audit;
using JobQueue.Dashboard.Identity;
using JobQueue.Dashboard.WorkerKeys;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;

namespace JobQueue.Dashboard.Components.WorkerKeys;

public sealed partial class WorkerKeysPage
{
    [Inject] private WorkerKeyStore Store { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private CircuitOrigin Origin { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private IReadOnlyList<WorkerKeyDto> _keys = [];
    private string? _name;
    private string? _queues;
    private string? _types;
    private Dictionary<string, string[]>? _errors;
    private CreatedWorkerKey? _created;

    protected override async Task OnInitializedAsync() => _keys = await Store.ListAsync(CancellationToken.None);

    private string? Error(string field) => _errors?.GetValueOrDefault(field)?.FirstOrDefault();

    private static string[] Names(string? text) => (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private async Task CreateAsync()
    {
        var request = new CreateWorkerKeyRequest(_name, Names(_queues), Names(_types));
        _errors = WorkerKeyStore.Validate(request);
        if (_errors is not null)
            return;
        var admin = JobViewer.From((await AuthenticationState).User);
        _created = await Store.CreateAsync(request, admin.Actor(Origin), CancellationToken.None);
        _name = _queues = _types = null;
        _keys = await Store.ListAsync(CancellationToken.None);
    }

    private async Task RevokeAsync(WorkerKeyDto key)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Revoke worker key", $"Workers using '{key.Name}' are refused from their next call.",
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
        Snackbar.Add("Copied the key", Severity.Info);
    }
}
