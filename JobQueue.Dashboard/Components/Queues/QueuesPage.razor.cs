using JobQueue.Dashboard.Audit;
using JobQueue.Dashboard.Bulk;
using JobQueue.Dashboard.Components.Jobs;
using JobQueue.Dashboard.DeadLetters;
using JobQueue.Dashboard.Identity;
using JobQueue.Dashboard.Live;
using JobQueue.Dashboard.Queues;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace JobQueue.Dashboard.Components.Queues;

/// <summary>The queues with their controls, and the dead letters; both refresh as their live events arrive.</summary>
public sealed partial class QueuesPage : IDisposable
{
    [Inject] private IQueueStats Stats { get; set; } = default!;
    [Inject] private QueueControl Control { get; set; } = default!;
    [Inject] private QueueAdministration Queues { get; set; } = default!;
    [Inject] private DeadLetterStore DeadLetters { get; set; } = default!;
    [Inject] private LiveEvents LiveEvents { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private CircuitOrigin Origin { get; set; } = default!;
    [Inject] private BulkJobs Bulk { get; set; } = default!;
    [CascadingParameter] private BrowserClock BrowserClock { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private static readonly Dictionary<string, object> NewQueueAttributes = new() { ["id"] = "new-queue" };

    private IReadOnlyList<StableRow<QueueSnapshot>> _queueRows = [];
    private readonly StableRows<string, QueueSnapshot> _queues = new(q => q.Name);
    private string? _newQueue;
    private string? _createError;
    private IReadOnlyList<StableRow<DeadLetterDto>> _deadRows = [];
    private readonly StableRows<long, DeadLetterDto> _dead = new(d => d.Id);
    private BulkOperationDto? _bulk;
    private JobViewer? _viewer;
    private int _deadTotal;
    private LiveBatches? _live;

    protected override async Task OnInitializedAsync()
    {
        _queueRows = _queues.Update(Stats.Latest?.Queues ?? []);
        await LoadDeadLettersAsync();
        _live = new LiveBatches(LiveEvents, e => e is LiveEvent.QueuesChanged or LiveEvent.DeadLettersChanged or LiveEvent.QueueListChanged, OnBatchAsync);
    }

    private Task OnBatchAsync(IReadOnlyList<LiveEvent> batch) => InvokeAsync(async () =>
    {
        _queueRows = _queues.Update(Stats.Latest?.Queues ?? []);
        if (batch.Any(e => e is LiveEvent.DeadLettersChanged))
            await LoadDeadLettersAsync();
        StateHasChanged();
    });

    private async Task LoadDeadLettersAsync()
    {
        var (dead, total) = await DeadLetters.ListAsync(CancellationToken.None);
        (_deadRows, _deadTotal) = (_dead.Update(dead), total);
    }

    private async Task<Actor> AdminAsync() => JobViewer.From((await AuthenticationState).User).Actor(Origin);

    private async Task SetPausedAsync(string queue, bool paused)
    {
        await Control.SetPausedAsync(queue, paused, await AdminAsync(), CancellationToken.None);
        Snackbar.Add(paused ? $"Paused {queue}: every worker stops taking its jobs" : $"Resumed {queue}", Severity.Info);
    }

    private async Task PurgeAsync(QueueSnapshot queue)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Purge queue",
            $"Remove the {queue.Ready} waiting job(s) from {queue.Name}? They become Cancelled in the history; running jobs go on.",
            yesText: "Purge", cancelText: "Keep them");
        if (confirmed != true)
            return;
        var change = await Control.PurgeAsync(queue.Name, await AdminAsync(), CancellationToken.None);
        Snackbar.Add(change switch
        {
            QueueChange.Purged { Result: var result } => $"Purged {result.Queue}: {result.MessagesPurged} message(s), {result.JobsCancelled} job(s) cancelled",
            _ => $"{queue.Name} no longer exists",
        }, change is QueueChange.Purged ? Severity.Success : Severity.Warning);
    }

    private async Task CreateOnEnterAsync(KeyboardEventArgs args)
    {
        if (args.Key == "Enter")
            await CreateAsync();
    }

    private async Task CreateAsync()
    {
        switch (await Queues.CreateAsync(_newQueue?.Trim(), await AdminAsync(), CancellationToken.None))
        {
            case QueueChange.Created { Queue: var queue }:
                _createError = null;
                _newQueue = null;
                Snackbar.Add($"Created queue {queue.Name}; its figures appear within a second", Severity.Success);
                break;
            case QueueChange.Invalid { Error: var error }:
                _createError = error;
                break;
            case QueueChange.Conflict { Reason: var reason }:
                _createError = reason;
                break;
        }
    }

    private async Task DeleteAsync(QueueSnapshot queue)
    {
        var (waiting, running) = await Queues.CountAsync(queue.Name, CancellationToken.None);
        if (running > 0)
        {
            await Dialogs.ShowMessageBoxAsync("Delete queue", $"{running} job(s) of {queue.Name} are running. Wait until they finish, or cancel them, then delete it.",
                yesText: "OK");
            return;
        }
        var confirmed = await Dialogs.ShowMessageBoxAsync("Delete queue",
            waiting > 0
                ? $"{waiting} job(s) wait in {queue.Name}. Deleting it cancels them (they stay in the history as Cancelled). Workers that consume it stop, and take it up again if it is created again."
                : $"Delete {queue.Name}? Workers that consume it stop, and take it up again if it is created again.",
            yesText: waiting > 0 ? $"Delete and cancel {waiting} job(s)" : "Delete", cancelText: "Keep it");
        if (confirmed != true)
            return;
        var change = await Queues.DeleteAsync(queue.Name, purge: waiting > 0, await AdminAsync(), CancellationToken.None);
        Snackbar.Add(change switch
        {
            QueueChange.Deleted { Result: var result } => $"Deleted {result.Queue}" + (result.JobsCancelled > 0 ? $"; {result.JobsCancelled} job(s) cancelled" : ""),
            QueueChange.Conflict { Reason: var reason } => reason,
            _ => $"{queue.Name} no longer exists",
        }, change is QueueChange.Deleted ? Severity.Success : Severity.Warning);
    }

    private async Task RequeueAsync(DeadLetterDto letter)
    {
        var change = await DeadLetters.RequeueAsync(letter.Id, await AdminAsync(), CancellationToken.None);
        Report(change);
    }

    private bool BulkRunning => _bulk is { } running && BulkProgress.Running(running);

    private async Task RequeueAllAsync()
    {
        _viewer ??= JobViewer.From((await AuthenticationState).User);
        var filter = new BulkFilter(DeadLettered: true);
        var count = await Bulk.CountAsync(filter, BulkAction.Retry, _viewer, CancellationToken.None);
        var confirmed = await Dialogs.ShowMessageBoxAsync(BulkFormat.Title(BulkAction.Retry, deadLettered: true),
            $"Send {count:N0} dead job(s) back to their queues as a new attempt each? Messages that are not stored jobs stay.",
            yesText: $"Requeue {count:N0}", cancelText: "Cancel");
        if (confirmed == true)
            _bulk = await Bulk.StartAsync(filter, BulkAction.Retry, _viewer, await AdminAsync(), CancellationToken.None);
    }

    private async Task DeleteAllAsync()
    {
        _viewer ??= JobViewer.From((await AuthenticationState).User);
        var count = await Bulk.CountAsync(new BulkFilter(), BulkAction.DeleteDeadLetters, _viewer, CancellationToken.None);
        var confirmed = await Dialogs.ShowMessageBoxAsync(BulkFormat.Title(BulkAction.DeleteDeadLetters),
            $"Delete {count:N0} dead letter(s)? Their jobs stay Failed in the history.", yesText: $"Delete {count:N0}", cancelText: "Keep them");
        if (confirmed == true)
            _bulk = await Bulk.StartAsync(new BulkFilter(), BulkAction.DeleteDeadLetters, _viewer, await AdminAsync(), CancellationToken.None);
    }

    private async Task BulkFinishedAsync(BulkOperationDto operation)
    {
        Snackbar.Add(BulkFormat.Progress(operation), operation.Status == BulkOperationStatus.Done ? Severity.Success : Severity.Warning);
        await LoadDeadLettersAsync();
    }

    private async Task DeleteAsync(DeadLetterDto letter)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Delete dead letter",
            letter.JobId is { } jobId ? $"Delete the dead letter of job {Components.Jobs.JobFormat.ShortId(jobId)}? The job stays Failed in the history." : "Delete this unreadable message?",
            yesText: "Delete", cancelText: "Keep it");
        if (confirmed != true)
            return;
        Report(await DeadLetters.DeleteAsync(letter.Id, await AdminAsync(), CancellationToken.None));
    }

    private void Report(DeadLetterChange change) => Snackbar.Add(change switch
    {
        DeadLetterChange.Requeued { JobId: var id } => $"Requeued job {Components.Jobs.JobFormat.ShortId(id)}",
        DeadLetterChange.Deleted => "Deleted",
        DeadLetterChange.Refused { Reason: var reason } => reason,
        _ => "It was already gone",
    }, change is DeadLetterChange.Requeued or DeadLetterChange.Deleted ? Severity.Success : Severity.Warning);

    public void Dispose() => _live?.Dispose();
}
