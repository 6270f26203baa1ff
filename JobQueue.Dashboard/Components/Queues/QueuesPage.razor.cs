using JobQueue.Dashboard.DeadLetters;
using JobQueue.Dashboard.Identity;
using JobQueue.Dashboard.Live;
using JobQueue.Dashboard.Queues;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace JobQueue.Dashboard.Components.Queues;

/// <summary>The queues with their controls, and the dead letters; both refresh as their live events arrive.</summary>
public sealed partial class QueuesPage : IDisposable
{
    [Inject] private IQueueStats Stats { get; set; } = default!;
    [Inject] private QueueControl Control { get; set; } = default!;
    [Inject] private DeadLetterStore DeadLetters { get; set; } = default!;
    [Inject] private LiveEvents LiveEvents { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private IReadOnlyList<QueueSnapshot> _queues = [];
    private IReadOnlyList<DeadLetterDto> _dead = [];
    private int _deadTotal;
    private LiveBatches? _live;

    protected override async Task OnInitializedAsync()
    {
        _queues = Stats.Latest?.Queues ?? [];
        await LoadDeadLettersAsync();
        _live = new LiveBatches(LiveEvents, e => e is LiveEvent.QueuesChanged or LiveEvent.DeadLettersChanged, OnBatchAsync);
    }

    private Task OnBatchAsync(IReadOnlyList<LiveEvent> batch) => InvokeAsync(async () =>
    {
        _queues = Stats.Latest?.Queues ?? [];
        if (batch.Any(e => e is LiveEvent.DeadLettersChanged))
            await LoadDeadLettersAsync();
        StateHasChanged();
    });

    private async Task LoadDeadLettersAsync() => (_dead, _deadTotal) = await DeadLetters.ListAsync(CancellationToken.None);

    private async Task<string> AdminAsync() => JobViewer.From((await AuthenticationState).User).Name;

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
        Report(await DeadLetters.DeleteAsync(letter.Id, CancellationToken.None));
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
