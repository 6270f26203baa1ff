using JobQueue.Dashboard.Audit;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace JobQueue.Dashboard.Components.Audit;

/// <summary><c>/admin/audit</c>: who did what, newest first, filtered by action, actor and target, paged on the server.</summary>
public sealed partial class AuditTrailPage
{
    [Inject] private AuditLog Audit { get; set; } = default!;
    [CascadingParameter] private BrowserClock BrowserClock { get; set; } = default!;

    private MudTable<AuditEntryDto> _table = default!;
    private string? _action;
    private string? _actor;
    private string? _target;
    private int _total;

    private async Task<TableData<AuditEntryDto>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        var page = await Audit.ListAsync(new AuditFilter(_action, _actor, _target, Page: state.Page + 1, PageSize: state.PageSize), cancellationToken);
        _total = page.Total;
        return new TableData<AuditEntryDto> { Items = page.Items, TotalItems = page.Total };
    }

    private Task OnActionChanged(string? action)
    {
        _action = action;
        return _table.ReloadServerData();
    }

    private Task OnActorChanged(string? actor)
    {
        _actor = actor;
        return _table.ReloadServerData();
    }

    private Task OnTargetChanged(string? target)
    {
        _target = target;
        return _table.ReloadServerData();
    }
}
