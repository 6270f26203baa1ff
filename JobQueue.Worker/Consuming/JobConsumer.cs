using System.Collections.Concurrent;
using System.Text.Json;
using JobQueue.ServiceDefaults.Hosting;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.JobTypes;
using JobQueue.Shared.Messaging;
using JobQueue.Worker.Control;
using JobQueue.Worker.Handlers;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace JobQueue.Worker.Consuming;

/// <summary>
/// Takes jobs from each configured queue's three priority queues (<c>jobqueue.queue.&lt;name&gt;</c>, <c>:high</c>,
/// <c>:low</c>) with manual acks and a prefetch of the concurrency plus <see cref="PrefetchHeadroom"/>, starts them by priority weight
/// (<see cref="PriorityBuffer{T}"/>) as slots free up, publishes their outcome and acks each job only after the broker
/// confirmed its outcome.
/// It never creates a job queue (admins do, on the dashboard): one that does not exist, or is deleted while it is
/// consumed, is waited for and consumed once it exists. On shutdown it stops consuming, lets running jobs finish up
/// to the drain timeout and requeues the rest.
/// </summary>
public sealed class JobConsumer(
    RabbitMqConnection connection,
    IOptions<WorkerOptions> options,
    ControlListener control,
    WorkerCommands commands,
    IHostApplicationLifetime lifetime,
    JobHandlerRegistry handlers,
    RunningJobs running,
    JobEventPublisher events,
    DeadLetterPublisher deadLetters,
    RetryPublisher retries,
    TimeProvider time,
    ILogger<JobConsumer> logger,
    IServiceProvider services) : SupervisedBackgroundService(services)
{
    private static readonly TimeSpan MissingQueueCheck = TimeSpan.FromSeconds(5);

    private readonly ConcurrencyLimit _slots = new(options.Value.Concurrency);
    private readonly ConcurrentDictionary<string, byte> _announcedQueues = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _inFlight = new();
    // Consumer tag -> queue, for the consumers active now: every delivery looks its tag up while commands change it.
    private readonly ConcurrentDictionary<string, string> _consumers = new(StringComparer.Ordinal);
    // What was delivered and waits for a slot, by priority.
    private readonly PriorityBuffer<Delivery> _waiting = new();
    private Task? _dispatch;
    private IChannel? _channel;
    private AckBatcher? _acks;
    private volatile bool _stopping;

    /// <summary>
    /// Sets up the channel and its consumers, then carries out admin commands. A run that fails (the broker went away
    /// while it set up) starts again on a new channel; deliveries of the old one that were never acked come back.
    /// </summary>
    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        await control.Ready.WaitAsync(stoppingToken);
        _dispatch ??= DispatchAsync(stoppingToken);
        _consumers.Clear();
        // Deliveries of the channel that failed cannot be acked on a new one; the broker delivers them again.
        _waiting.RemoveWhere(_ => true);
        if (_acks is not null)
            await _acks.DisposeAsync();
        if (_channel is not null)
            await _channel.DisposeAsync();
        _channel = await connection.OpenChannelAsync(null, stoppingToken);
        _acks = new AckBatcher(_channel, time, logger);
        commands.Concurrency = _slots.Limit;
        await StartConsumingAsync(stoppingToken);
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
                await TryOrLogAsync("look for the missing queues", () => StartMissingAsync(stoppingToken), stoppingToken);
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

    private async Task StartMissingAsync(CancellationToken cancellationToken)
    {
        if (commands.State != WorkerState.Active)
            return;
        foreach (var queue in commands.MissingQueues.Where(q => !commands.PausedQueues.Contains(q)))
            await StartConsumingAsync(queue, cancellationToken);
    }

    /// <summary>
    /// What each priority queue's consumer may hold beyond the concurrency: a lane refills only after an ack's round trip,
    /// and an empty lane at the moment a slot frees loses its turn, so without a few in hand the weights would not hold
    /// at a low concurrency (at concurrency 1, high and low would start about as often).
    /// </summary>
    public const int PrefetchHeadroom = 4;

    private async Task StartConsumingAsync(CancellationToken cancellationToken)
    {
        // The prefetch of a consumer is fixed when it starts: set it before each (re)start.
        await _channel!.BasicQosAsync(0, (ushort)(_slots.Limit + PrefetchHeadroom), global: false, cancellationToken);
        foreach (var queue in options.Value.Queues.Where(q => !commands.PausedQueues.Contains(q)))
            await StartConsumingAsync(queue, cancellationToken);
    }

    private async Task StartConsumingAsync(string queue, CancellationToken cancellationToken)
    {
        if (_consumers.Values.Contains(queue))
            return;
        if (!await ExistsAsync(queue, cancellationToken))
        {
            if (!commands.MissingQueues.Contains(queue))
                logger.LogWarning("Queue {Queue} does not exist; this worker consumes it once an admin creates it on the dashboard", queue);
            commands.SetQueueMissing(queue, missing: true);
            return;
        }
        // Said once per queue, and again after the queue was missing; restarts for pause or concurrency are not news.
        if (_announcedQueues.TryAdd(queue, 0))
            logger.LogInformation("Consuming {Queue} with concurrency {Concurrency}", Topology.JobQueueName(queue), _slots.Limit);
        commands.SetQueueMissing(queue, missing: false);
        foreach (var priority in Topology.Priorities)
        {
            var consumer = new QueueConsumer(_channel!, cancelledTag => OnCancelledByBrokerAsync(cancelledTag, queue));
            consumer.ReceivedAsync += (_, delivery) => OnReceivedAsync(delivery, priority);
            // The tag is known before the first delivery can arrive, which checks it.
            var tag = $"{queue}.{SubmitName(priority)}.{Guid.NewGuid():N}";
            _consumers[tag] = queue;
            await _channel!.BasicConsumeAsync(Topology.JobQueueName(queue, priority), autoAck: false, tag, noLocal: false, exclusive: false,
                arguments: null, consumer, cancellationToken);
        }
    }

    private static string SubmitName(JobPriority priority) => priority.ToString().ToLowerInvariant();

    /// <summary>
    /// Passive declares of the queue's three priority queues, on a channel of their own: on a missing queue the broker
    /// closes the channel it was asked on.
    /// </summary>
    private async Task<bool> ExistsAsync(string queue, CancellationToken cancellationToken)
    {
        var amqp = await connection.GetAsync(cancellationToken);
        foreach (var priority in Topology.Priorities)
        {
            await using var channel = await amqp.CreateChannelAsync(cancellationToken: cancellationToken);
            try
            {
                await channel.QueueDeclarePassiveAsync(Topology.JobQueueName(queue, priority), cancellationToken);
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The broker ended a consumer: an admin deleted its queue. The worker waits for the queue to exist again.</summary>
    private Task OnCancelledByBrokerAsync(string consumerTag, string queue)
    {
        if (_consumers.TryRemove(consumerTag, out _))
        {
            logger.LogWarning("Queue {Queue} was deleted; this worker consumes it again if it is created again", queue);
            _announcedQueues.TryRemove(queue, out _);
            commands.SetQueueMissing(queue, missing: true);
        }
        return Task.CompletedTask;
    }

    private async Task StopConsumingAsync()
    {
        foreach (var tag in _consumers.Keys)
            await CancelConsumerAsync(tag);
        await ReturnWaitingAsync();
    }

    private async Task StopConsumingAsync(string queue)
    {
        foreach (var (tag, consumed) in _consumers)
        {
            if (consumed == queue)
                await CancelConsumerAsync(tag);
        }
        await ReturnWaitingAsync();
    }

    /// <summary>Deliveries of consumers that stopped, still waiting for a slot, go back to their queue for another worker.</summary>
    private async Task ReturnWaitingAsync()
    {
        foreach (var delivery in _waiting.RemoveWhere(d => !_consumers.ContainsKey(d.ConsumerTag)))
            await delivery.Acks.NackAsync(delivery.Tag, requeue: true);
    }

    private async Task CancelConsumerAsync(string tag)
    {
        if (_consumers.TryRemove(tag, out _) && _channel is { IsOpen: true })
            await _channel.BasicCancelAsync(tag, cancellationToken: CancellationToken.None);
    }

    private async Task CarryOutAsync(ControlCommand command, CancellationToken cancellationToken)
    {
        switch (command.Kind)
        {
            case ControlCommandKind.Pause when commands.State == WorkerState.Active:
                await StopConsumingAsync();
                commands.Set(WorkerState.Paused, _slots.Limit);
                logger.LogInformation("Paused: taking no new jobs; {Count} running job(s) go on", running.Count);
                break;
            case ControlCommandKind.Resume when commands.State == WorkerState.Paused:
                await StartConsumingAsync(cancellationToken);
                commands.Set(WorkerState.Active, _slots.Limit);
                logger.LogInformation("Resumed consuming");
                break;
            case ControlCommandKind.SetConcurrency when command.Concurrency is >= ControlCommand.MinConcurrency and <= ControlCommand.MaxConcurrency:
                _slots.SetLimit(command.Concurrency.Value);
                if (commands.State == WorkerState.Active)
                {
                    await StopConsumingAsync();
                    await StartConsumingAsync(cancellationToken);
                }
                commands.Set(commands.State, _slots.Limit);
                logger.LogInformation("Concurrency set to {Concurrency}", command.Concurrency);
                break;
            case ControlCommandKind.PauseQueue when command.Queue is { } queue && options.Value.Queues.Contains(queue):
                await StopConsumingAsync(queue);
                commands.SetQueuePaused(queue, paused: true);
                logger.LogInformation("Paused queue {Queue}: taking no new jobs from it", queue);
                break;
            case ControlCommandKind.ResumeQueue when command.Queue is { } queue && options.Value.Queues.Contains(queue):
                commands.SetQueuePaused(queue, paused: false);
                if (commands.State == WorkerState.Active)
                    await StartConsumingAsync(queue, cancellationToken);
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

    /// <summary>A delivery waiting for a slot, with the batcher of the channel that delivered it.</summary>
    private sealed record Delivery(AckBatcher Acks, ulong Tag, string ConsumerTag, bool Redelivered, byte[] Body);

    private async Task OnReceivedAsync(BasicDeliverEventArgs delivery, JobPriority priority)
    {
        // Settled through the batcher of the channel that delivered it, even if the channel is replaced meanwhile: a
        // delivery tag means nothing on another channel.
        var acks = _acks!;
        acks.Delivered(delivery.DeliveryTag);
        // Deliveries already on their way when the worker or their queue paused go back to the queue for another worker.
        if (_stopping || commands.State != WorkerState.Active || !_consumers.ContainsKey(delivery.ConsumerTag))
        {
            await acks.NackAsync(delivery.DeliveryTag, requeue: true);
            return;
        }
        // Each consumer's prefetch bounds what waits here; the dispatcher starts the next by priority when a slot frees.
        _waiting.Add(priority, new Delivery(acks, delivery.DeliveryTag, delivery.ConsumerTag, delivery.Redelivered, delivery.Body.ToArray()));
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
                    delivery = await _waiting.TakeAsync(stoppingToken);
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
            if (_stopping || commands.State != WorkerState.Active || !_consumers.ContainsKey(delivery.ConsumerTag))
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
            var work = ProcessAsync(delivery.Acks, delivery.Tag, delivery.Redelivered, delivery.Body);
            _inFlight.TryAdd(work, 0);
            _ = work.ContinueWith(t => _inFlight.TryRemove(t, out _), TaskScheduler.Default);
        }
    }

    private async Task ProcessAsync(AckBatcher acks, ulong deliveryTag, bool redelivered, byte[] body)
    {
        // Leave the consumer's dispatch loop at once so the next delivery can start.
        await Task.Yield();
        try
        {
            if (ReadJob(body, out var problem) is not { } job)
            {
                // Poison: running it again cannot help, so it goes to the dead letters now instead of round and round.
                logger.LogError("Dead-lettering a job message that cannot be run: {Reason}", problem);
                await deadLetters.PublishUnreadableAsync(body, problem!, CancellationToken.None);
                acks.Ack(deliveryTag);
                return;
            }

            if (running.WasCancelled(job.JobId))
            {
                await events.PublishAsync(job, JobEventKind.Cancelled, CancellationToken.None);
                acks.Ack(deliveryTag);
                logger.LogInformation("Skipped job {JobId}: it was cancelled before it was delivered", job.JobId);
                return;
            }

            await RunAsync(job, acks, deliveryTag, redelivered);
        }
        catch (Exception ex)
        {
            // The outcome could not be published (the broker went away): the job stays unacked, and the
            // broker delivers it again, to this worker after it reconnects or to another one.
            logger.LogWarning(ex, "Could not finish a delivery; it will be redelivered");
            acks.Abandon(deliveryTag);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <returns>The job, or null with the reason when the message is not one that can be run.</returns>
    private JobMessage? ReadJob(byte[] body, out string? problem)
    {
        if (body.Length > options.Value.MaxMessageBytes)
        {
            problem = $"The job message is {body.Length} bytes; at most {options.Value.MaxMessageBytes} bytes are accepted.";
            return null;
        }
        try
        {
            var job = MessageEnvelope.Deserialize<JobMessage>(body);
            problem = job.Problem() is { } wrong ? $"The job message is not a runnable job: {wrong}" : null;
            return problem is null ? job : null;
        }
        catch (JsonException ex)
        {
            problem = $"The job message cannot be read: {ex.Message}";
            return null;
        }
    }

    private async Task RunAsync(JobMessage job, AckBatcher acks, ulong deliveryTag, bool redelivered)
    {
        var runningJob = running.Start(job.JobId, JobLimits.Timeout(job.Type, job.TimeoutSeconds));
        var settled = false;
        try
        {
            // Not awaited: the handler need not wait for the broker. The outcome goes out after it on the same channel,
            // and the job is acked only once the outcome is confirmed; a started event that was lost costs nothing.
            var started = events.PublishAsync(job, JobEventKind.Started, CancellationToken.None, redelivered: redelivered, startedAt: runningJob.StartedAt);
            _ = started.ContinueWith(t => logger.LogDebug(t.Exception!.InnerException, "job.started of {JobId} was not published", job.JobId),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            var outcome = await RunHandlerAsync(job, runningJob);
            if (outcome.Kind is null)
            {
                running.Abandon(runningJob);
                settled = true;
                await acks.NackAsync(deliveryTag, requeue: true);
                logger.LogInformation("Requeued job {JobId}: the worker is shutting down", job.JobId);
                return;
            }

            if (outcome is { Kind: JobEventKind.Failed, Retriable: true } && job.Attempt < job.MaxAttempts)
                await RetryLaterAsync(job, outcome.Error!, runningJob);
            else
                await PublishOutcomeAsync(job, outcome, runningJob);
            running.Finish(runningJob, failed: outcome.Kind == JobEventKind.Failed);
            settled = true;
            acks.Ack(deliveryTag);
        }
        finally
        {
            if (!settled)
                running.Abandon(runningJob);
        }
    }

    private async Task PublishOutcomeAsync(JobMessage job, HandlerOutcome outcome, RunningJob runningJob)
    {
        var error = outcome is { Kind: JobEventKind.Failed, Retriable: true } && job.MaxAttempts > 1
            ? $"{outcome.Error} (attempt {job.Attempt} of {job.MaxAttempts}; no attempts left)"
            : outcome.Error;
        await events.PublishAsync(job, outcome.Kind!.Value, CancellationToken.None, result: outcome.Result, error: error, startedAt: runningJob.StartedAt);
        if (outcome.Kind == JobEventKind.Failed)
            await deadLetters.PublishFailedAsync(job, error ?? "failed", CancellationToken.None);
    }

    /// <summary>
    /// The retrying event goes first: if the worker dies before the next attempt is confirmed, the failed attempt is
    /// redelivered and runs again, which is better than a next attempt that races a redelivered one.
    /// </summary>
    private async Task RetryLaterAsync(JobMessage job, string error, RunningJob runningJob)
    {
        var delay = options.Value.RetryDelayAfter(job.Attempt);
        var retryAt = DateTime.UtcNow + delay;
        await events.PublishAsync(job, JobEventKind.Retrying, CancellationToken.None, error: error, startedAt: runningJob.StartedAt, retryAt: retryAt);
        await retries.PublishAsync(job with { Attempt = job.Attempt + 1 }, delay, CancellationToken.None);
        logger.LogInformation("Job {JobId} attempt {Attempt} of {MaxAttempts} failed; next attempt in {Delay}: {Error}",
            job.JobId, job.Attempt, job.MaxAttempts, delay, error);
    }

    /// <param name="Kind">The outcome to publish, or null when the job was stopped by shutdown and must be requeued.</param>
    /// <param name="Retriable">A failure another attempt may not repeat (an exception, a timeout), unlike a bad payload.</param>
    private readonly record struct HandlerOutcome(JobEventKind? Kind, string? Result = null, string? Error = null, bool Retriable = false);

    private async Task<HandlerOutcome> RunHandlerAsync(JobMessage job, RunningJob runningJob)
    {
        if (handlers.Find(job.Type) is not { } handler)
            return new(JobEventKind.Failed, Error: $"This worker has no handler for job type '{job.Type}'.");
        try
        {
            var context = new JobContext(job.JobId, job.Payload, job.Attempt,
                progress => events.PublishAsync(job, JobEventKind.Progress, runningJob.Token, progress: progress, startedAt: runningJob.StartedAt),
                events.JobLog(job));
            var result = await handler.RunAsync(context, runningJob.Token);
            return new(JobEventKind.Succeeded, Result: result);
        }
        catch (OperationCanceledException) when (runningJob.TimedOut)
        {
            logger.LogWarning("Job {JobId} ({JobType}) timed out after {Timeout}", job.JobId, job.Type, runningJob.Timeout);
            return new(JobEventKind.Failed, Error: $"timed out after {FormatTimeout(runningJob.Timeout)}", Retriable: true);
        }
        catch (OperationCanceledException) when (runningJob.Token.IsCancellationRequested)
        {
            if (runningJob.StoppedByShutdown)
                return new(null);
            logger.LogInformation("Cancelled job {JobId} on request", job.JobId);
            return new(JobEventKind.Cancelled);
        }
        catch (InvalidPayloadException ex)
        {
            return new(JobEventKind.Failed, Error: ex.Message);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Job {JobId} ({JobType}) attempt {Attempt} failed", job.JobId, job.Type, job.Attempt);
            return new(JobEventKind.Failed, Error: $"{ex.GetType().Name}: {ex.Message}", Retriable: true);
        }
    }

    private static string FormatTimeout(TimeSpan timeout) =>
        timeout.TotalSeconds < 60 ? $"{timeout.TotalSeconds:0.###} s" : timeout.ToString(@"hh\:mm\:ss", System.Globalization.CultureInfo.InvariantCulture);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        await StopConsumingAsync();
        foreach (var delivery in _waiting.RemoveWhere(_ => true))
            await delivery.Acks.NackAsync(delivery.Tag, requeue: true);
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
        // The jobs that finished in the last few milliseconds are acked before the channel closes, not run again elsewhere.
        if (_acks is not null)
            await _acks.DisposeAsync();
        if (_channel is not null)
            await _channel.DisposeAsync();
    }

}
