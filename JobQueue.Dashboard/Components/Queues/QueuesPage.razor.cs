using JobQueue.Dashboard.Audit;
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

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private static readonly Dictionary<string, object> NewQueueAttributes = new() { ["id"] = "new-queue" };

    private IReadOnlyList<QueueSnapshot> _queues = [];
    private string? _newQueue;
    private string? _createError;
    private IReadOnlyList<DeadLetterDto> _dead = [];
    private int _deadTotal;
    private LiveBatches? _live;

    protected override async Task OnInitializedAsync()
    {
        _queues = Stats.Latest?.Queues ?? [];
        await LoadDeadLettersAsync();
        _live = new LiveBatches(LiveEvents, e => e is LiveEvent.QueuesChanged or LiveEvent.DeadLettersChanged or LiveEvent.QueueListChanged, OnBatchAsync);
    }

    private Task OnBatchAsync(IReadOnlyList<LiveEvent> batch) => InvokeAsync(async () =>
    {
        _queues = Stats.Latest?.Queues ?? [];
        if (batch.Any(e => e is LiveEvent.DeadLettersChanged))
            await LoadDeadLettersAsync();
        StateHasChanged();
    });

    private async Task LoadDeadLettersAsync() => (_dead, _deadTotal) = await DeadLetters.ListAsync(CancellationToken.None);

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

    private async Task RequeueAllAsync()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Requeue all", $"Send all {_deadTotal} dead job(s) back to their queues?",
            yesText: "Requeue all", cancelText: "Cancel");
        if (confirmed != true)
            return;
        var result = await DeadLetters.RequeueAllAsync(await AdminAsync(), CancellationToken.None);
        Snackbar.Add($"Requeued {result.Requeued} job(s)" + (result.Refused.Count > 0 ? $"; {result.Refused.Count} could not be requeued" : ""),
            result.Refused.Count > 0 ? Severity.Warning : Severity.Success);
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
