using JobQueue.Dashboard.Bulk;
using JobQueue.Dashboard.Identity;
using JobQueue.Dashboard.Live;
using Microsoft.AspNetCore.Components;

namespace JobQueue.Dashboard.Components.Jobs;

/// <summary>A bulk operation's progress bar, live: it reads the operation again whenever this dashboard's runner moves it, and says when it ended.</summary>
public sealed partial class BulkProgress : IDisposable
{
    [Inject] private BulkJobs Bulk { get; set; } = default!;
    [Inject] private LiveEvents LiveEvents { get; set; } = default!;

    [Parameter, EditorRequired] public BulkOperationDto Operation { get; set; } = default!;
    [Parameter, EditorRequired] public JobViewer Viewer { get; set; } = default!;
    [Parameter] public EventCallback<BulkOperationDto> OnFinished { get; set; }
    [Parameter] public EventCallback OnDismiss { get; set; }

    private BulkOperationDto _shown = default!;
    private LiveBatches? _live;

    public static bool Running(BulkOperationDto operation) => operation.Status is BulkOperationStatus.Queued or BulkOperationStatus.Running;

    protected override void OnParametersSet()
    {
        if (_shown?.Id == Operation.Id)
            return;
        _shown = Operation;
        _live?.Dispose();
        var id = Operation.Id;
        _live = new LiveBatches(LiveEvents, e => e is LiveEvent.BulkProgressed { OperationId: var moved } && moved == id,
            _ => InvokeAsync(() => MovedAsync(id)), everyEvent: true);
    }

    private async Task MovedAsync(Guid id)
    {
        if (await Bulk.FindAsync(id, Viewer, CancellationToken.None) is not { } operation || operation.Id != _shown.Id)
            return;
        var finished = Running(_shown) && !Running(operation);
        _shown = operation;
        StateHasChanged();
        if (finished)
            await OnFinished.InvokeAsync(operation);
    }

    public void Dispose() => _live?.Dispose();
}
