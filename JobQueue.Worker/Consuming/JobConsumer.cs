using System.Collections.Concurrent;
using JobQueue.ServiceDefaults.Hosting;
using JobQueue.Shared.Contracts;
using JobQueue.Worker.Control;
using JobQueue.Worker.Core;
using Microsoft.Extensions.Options;

namespace JobQueue.Worker.Consuming;

/// <summary>
/// The worker's main loop: opens the <see cref="QueueConsumers"/>, starts what they deliver as slots free up (the next
/// one chosen by priority, <see cref="PriorityBuffer{T}"/>), each run by the <see cref="JobRunner"/>, and carries out
/// admin commands (pause, resume, concurrency, queue pause, drain) one at a time between them. On shutdown it stops
/// consuming, lets running jobs finish up to the drain timeout and requeues the rest.
/// </summary>
public sealed class JobConsumer(
    QueueConsumers consumers,
    JobRunner runner,
    IOptions<WorkerOptions> options,
    ControlListener control,
    WorkerCommands commands,
    IHostApplicationLifetime lifetime,
    Handlers.JobHandlerRegistry handlers,
    RunningJobs running,
    ILogger<JobConsumer> logger,
    IServiceProvider services) : SupervisedBackgroundService(services)
{
    private static readonly TimeSpan MissingQueueCheck = TimeSpan.FromSeconds(5);

    private readonly ConcurrencyLimit _slots = new(options.Value.Concurrency);
    private readonly ConcurrentDictionary<Task, byte> _inFlight = new();
    private Task? _dispatch;

    /// <summary>
    /// Sets up the channel and its consumers, then carries out admin commands. A run that fails (the broker went away
    /// while it set up) starts again on a new channel; deliveries of the old one that were never acked come back.
    /// </summary>
    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        await control.Ready.WaitAsync(stoppingToken);
        _dispatch ??= DispatchAsync(stoppingToken);
        await consumers.OpenAsync(stoppingToken);
        commands.Concurrency = _slots.Limit;
        await consumers.StartAsync(_slots.Limit, stoppingToken);
        logger.LogInformation("Started for queues {Queues} with concurrency {Concurrency}; job types: {JobTypes}",
            string.Join(", ", options.Value.Queues), _slots.Limit, string.Join(", ", handlers.JobTypes));

        // Admin commands are carried out one at a time, here, so consuming never changes under itself; in between,
        // the queues that did not exist are looked for again.
        using var recheck = new PeriodicTimer(MissingQueueCheck);
        var tick = recheck.WaitForNextTickAsync(stoppingToken).AsTask();
        while (!stoppingToken.IsCancellationRequested)
        {
            var command = commands.Reader.WaitToReadAsync(stoppingToken).AsTask();
            if (await Task.WhenAny(command, tick) == tick)
            {
                await tick;
                tick = recheck.WaitForNextTickAsync(stoppingToken).AsTask();
                await TryOrLogAsync("look for the missing queues", () => consumers.StartMissingAsync(stoppingToken), stoppingToken);
            }
            while (commands.Reader.TryRead(out var next))
                await TryOrLogAsync($"carry out {next.Kind}", () => CarryOutAsync(next, stoppingToken), stoppingToken);
        }
    }

    private async Task TryOrLogAsync(string what, Func<Task> action, CancellationToken stoppingToken)
    {
        try
        {
            await action();
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // The broker went away meanwhile: the worker goes on, and the dashboard re-sends what it still wants.
            logger.LogWarning(ex, "Could not {What}", what);
        }
    }

    private async Task CarryOutAsync(ControlCommand command, CancellationToken cancellationToken)
    {
        switch (command.Kind)
        {
            case ControlCommandKind.Pause when commands.State == WorkerState.Active:
                await consumers.StopAsync();
                commands.Set(WorkerState.Paused, _slots.Limit);
                logger.LogInformation("Paused: taking no new jobs; {Count} running job(s) go on", running.Count);
                break;
            case ControlCommandKind.Resume when commands.State == WorkerState.Paused:
                await consumers.StartAsync(_slots.Limit, cancellationToken);
                commands.Set(WorkerState.Active, _slots.Limit);
                logger.LogInformation("Resumed consuming");
                break;
            case ControlCommandKind.SetConcurrency when command.Concurrency is >= ControlCommand.MinConcurrency and <= ControlCommand.MaxConcurrency:
                _slots.SetLimit(command.Concurrency.Value);
                if (commands.State == WorkerState.Active)
                {
                    await consumers.StopAsync();
                    await consumers.StartAsync(_slots.Limit, cancellationToken);
                }
                commands.Set(commands.State, _slots.Limit);
                logger.LogInformation("Concurrency set to {Concurrency}", command.Concurrency);
                break;
            case ControlCommandKind.PauseQueue when command.Queue is { } queue && options.Value.Queues.Contains(queue):
                await consumers.StopAsync(queue);
                commands.SetQueuePaused(queue, paused: true);
                logger.LogInformation("Paused queue {Queue}: taking no new jobs from it", queue);
                break;
            case ControlCommandKind.ResumeQueue when command.Queue is { } queue && options.Value.Queues.Contains(queue):
                commands.SetQueuePaused(queue, paused: false);
                if (commands.State == WorkerState.Active)
                    await consumers.StartAsync(queue, cancellationToken);
                logger.LogInformation("Resumed queue {Queue}", queue);
                break;
            case ControlCommandKind.PauseQueue or ControlCommandKind.ResumeQueue:
                // A queue this worker does not consume: nothing to do.
                break;
            case ControlCommandKind.Drain when commands.State != WorkerState.Draining:
                commands.Set(WorkerState.Draining, _slots.Limit);
                logger.LogInformation("Draining on request: finishing {Count} running job(s), then stopping", running.Count);
                lifetime.StopApplication();
                break;
            default:
                logger.LogInformation("Ignored {Kind} in state {State}", command.Kind, commands.State);
                break;
        }
    }

    /// <summary>
    /// Starts the waiting deliveries, one per free slot, the next one chosen by priority at the moment the slot frees
    /// (not when it was delivered), so a high-priority job that arrives behind many normal ones starts next.
    /// </summary>
    private async Task DispatchAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            Delivery delivery;
            try
            {
                await _slots.WaitAsync(stoppingToken);
                try
                {
                    delivery = await consumers.Waiting.TakeAsync(stoppingToken);
                }
                catch
                {
                    _slots.Release();
                    throw;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            if (!consumers.MayStart(delivery))
            {
                _slots.Release();
                try
                {
                    await delivery.Acks.NackAsync(delivery.Tag, requeue: true);
                }
                catch (Exception ex)
                {
                    // The channel went away: the broker delivers the job again anyway.
                    logger.LogDebug(ex, "Could not return a delivery to its queue");
                }
                continue;
            }
            var work = RunInSlotAsync(delivery);
            _inFlight.TryAdd(work, 0);
            _ = work.ContinueWith(t => _inFlight.TryRemove(t, out _), TaskScheduler.Default);
        }
    }

    private async Task RunInSlotAsync(Delivery delivery)
    {
        // Leave the dispatch loop at once so the next delivery can start.
        await Task.Yield();
        try
        {
            await runner.RunAsync(delivery);
        }
        finally
        {
            _slots.Release();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await consumers.StopForShutdownAsync();
        commands.Set(WorkerState.Draining, _slots.Limit);

        var drain = Task.WhenAll(_inFlight.Keys);
        if (!drain.IsCompleted)
        {
            logger.LogInformation("Draining {Count} running job(s), waiting up to {Timeout}", running.Count, options.Value.DrainTimeout);
            if (await Task.WhenAny(drain, Task.Delay(options.Value.DrainTimeout, CancellationToken.None)) != drain)
            {
                logger.LogWarning("Drain timeout reached: stopping and requeuing {Count} job(s)", running.Count);
                running.StopAll();
                await drain.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
        await base.StopAsync(cancellationToken);
        await consumers.DisposeAsync();
    }
}
