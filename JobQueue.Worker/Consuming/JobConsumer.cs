using System.Collections.Concurrent;
using System.Text.Json;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.Messaging;
using JobQueue.Worker.Control;
using JobQueue.Worker.Handlers;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace JobQueue.Worker.Consuming;

/// <summary>
/// Takes jobs from each configured <c>jobqueue.queue.&lt;name&gt;</c> with manual acks and a prefetch equal to the
/// concurrency, runs them, publishes their outcome and acks each job only after the broker confirmed its outcome.
/// On shutdown it stops consuming, lets running jobs finish up to the drain timeout and requeues the rest.
/// </summary>
public sealed class JobConsumer(
    RabbitMqConnection connection,
    IOptions<RabbitMqOptions> rabbitOptions,
    IOptions<WorkerOptions> options,
    ControlListener control,
    WorkerCommands commands,
    IHostApplicationLifetime lifetime,
    JobHandlerRegistry handlers,
    RunningJobs running,
    JobEventPublisher events,
    DeadLetterPublisher deadLetters,
    ILogger<JobConsumer> logger) : BackgroundService
{
    private readonly ConcurrencyLimit _slots = new(options.Value.Concurrency);
    private readonly ConcurrentDictionary<Task, byte> _inFlight = new();
    // Consumer tag -> queue, for the consumers active now: every delivery looks its tag up while commands change it.
    private readonly ConcurrentDictionary<string, string> _consumers = new(StringComparer.Ordinal);
    private IChannel? _channel;
    private volatile bool _stopping;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await control.Ready.WaitAsync(stoppingToken);
        _channel = await connection.OpenChannelAsync(null, stoppingToken);
        foreach (var queue in options.Value.Queues)
            await Topology.DeclareJobQueueAsync(_channel, queue, rabbitOptions.Value.QueueType, stoppingToken);
        commands.Concurrency = _slots.Limit;
        await StartConsumingAsync(stoppingToken);
        logger.LogInformation("Consuming {Queues} with concurrency {Concurrency}; job types: {JobTypes}",
            string.Join(", ", options.Value.Queues.Select(Topology.JobQueueName)), _slots.Limit, string.Join(", ", handlers.JobTypes));

        // Admin commands are carried out one at a time, here, so consuming never changes under itself.
        await foreach (var command in commands.Reader.ReadAllAsync(stoppingToken))
            await CarryOutAsync(command, stoppingToken);
    }

    private async Task StartConsumingAsync(CancellationToken cancellationToken)
    {
        // The prefetch of a consumer is fixed when it starts: set it before each (re)start.
        await _channel!.BasicQosAsync(0, (ushort)_slots.Limit, global: false, cancellationToken);
        foreach (var queue in options.Value.Queues.Where(q => !commands.PausedQueues.Contains(q)))
            await StartConsumingAsync(queue, cancellationToken);
    }

    private async Task StartConsumingAsync(string queue, CancellationToken cancellationToken)
    {
        if (_consumers.Values.Contains(queue))
            return;
        var consumer = new AsyncEventingBasicConsumer(_channel!);
        consumer.ReceivedAsync += OnReceivedAsync;
        // The tag is known before the first delivery can arrive, which checks it.
        var tag = $"{queue}.{Guid.NewGuid():N}";
        _consumers[tag] = queue;
        await _channel!.BasicConsumeAsync(Topology.JobQueueName(queue), autoAck: false, tag, noLocal: false, exclusive: false,
            arguments: null, consumer, cancellationToken);
    }

    private async Task StopConsumingAsync()
    {
        foreach (var tag in _consumers.Keys)
            await CancelConsumerAsync(tag);
    }

    private async Task StopConsumingAsync(string queue)
    {
        foreach (var (tag, consumed) in _consumers)
        {
            if (consumed == queue)
                await CancelConsumerAsync(tag);
        }
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

    private async Task OnReceivedAsync(object sender, BasicDeliverEventArgs delivery)
    {
        // Deliveries already on their way when the worker or their queue paused go back to the queue for another worker.
        if (_stopping || commands.State != WorkerState.Active || !_consumers.ContainsKey(delivery.ConsumerTag))
        {
            await NackAsync(delivery.DeliveryTag, requeue: true);
            return;
        }
        // Waiting here holds back the next delivery, which is the back-pressure we want.
        await _slots.WaitAsync();
        if (_stopping || commands.State != WorkerState.Active)
        {
            _slots.Release();
            await NackAsync(delivery.DeliveryTag, requeue: true);
            return;
        }
        var work = ProcessAsync(delivery.DeliveryTag, delivery.Redelivered, delivery.Body.ToArray());
        _inFlight.TryAdd(work, 0);
        _ = work.ContinueWith(t => _inFlight.TryRemove(t, out _), TaskScheduler.Default);
    }

    private async Task ProcessAsync(ulong deliveryTag, bool redelivered, byte[] body)
    {
        // Leave the consumer's dispatch loop at once so the next delivery can start.
        await Task.Yield();
        try
        {
            JobMessage job;
            try
            {
                job = MessageEnvelope.Deserialize<JobMessage>(body);
            }
            catch (JsonException ex)
            {
                logger.LogError("Dead-lettering an unreadable job message: {Reason}", ex.Message);
                await deadLetters.PublishUnreadableAsync(body, $"The job message cannot be read: {ex.Message}", CancellationToken.None);
                await AckAsync(deliveryTag);
                return;
            }

            if (running.WasCancelled(job.JobId))
            {
                await events.PublishAsync(job, JobEventKind.Cancelled, CancellationToken.None);
                await AckAsync(deliveryTag);
                logger.LogInformation("Skipped job {JobId}: it was cancelled before it was delivered", job.JobId);
                return;
            }

            await RunAsync(job, deliveryTag, redelivered);
        }
        catch (Exception ex)
        {
            // The outcome could not be published (the broker went away): the job stays unacked, and the
            // broker delivers it again, to this worker after it reconnects or to another one.
            logger.LogWarning("Could not finish a delivery; it will be redelivered: {Reason}", ex.Message);
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task RunAsync(JobMessage job, ulong deliveryTag, bool redelivered)
    {
        var runningJob = running.Start(job.JobId);
        var settled = false;
        try
        {
            await events.PublishAsync(job, JobEventKind.Started, CancellationToken.None, redelivered: redelivered, startedAt: runningJob.StartedAt);
            var (kind, result, error) = await RunHandlerAsync(job, runningJob);
            if (kind is null)
            {
                running.Abandon(runningJob);
                settled = true;
                await NackAsync(deliveryTag, requeue: true);
                logger.LogInformation("Requeued job {JobId}: the worker is shutting down", job.JobId);
                return;
            }

            await events.PublishAsync(job, kind.Value, CancellationToken.None, result: result, error: error, startedAt: runningJob.StartedAt);
            if (kind == JobEventKind.Failed)
                await deadLetters.PublishFailedAsync(job, error ?? "failed", CancellationToken.None);
            running.Finish(runningJob, failed: kind == JobEventKind.Failed);
            settled = true;
            await AckAsync(deliveryTag);
        }
        finally
        {
            if (!settled)
                running.Abandon(runningJob);
        }
    }

    /// <returns>The outcome to publish, or a null kind when the job was stopped by shutdown and must be requeued.</returns>
    private async Task<(JobEventKind? Kind, string? Result, string? Error)> RunHandlerAsync(JobMessage job, RunningJob runningJob)
    {
        if (handlers.Find(job.Type) is not { } handler)
            return (JobEventKind.Failed, null, $"This worker has no handler for job type '{job.Type}'.");
        try
        {
            var context = new JobContext(job.JobId, job.Payload, job.Attempt,
                progress => events.PublishAsync(job, JobEventKind.Progress, runningJob.Token, progress: progress, startedAt: runningJob.StartedAt));
            var result = await handler.RunAsync(context, runningJob.Token);
            return (JobEventKind.Succeeded, result, null);
        }
        catch (OperationCanceledException) when (runningJob.Token.IsCancellationRequested)
        {
            if (runningJob.StoppedByShutdown)
                return (null, null, null);
            logger.LogInformation("Cancelled job {JobId} on request", job.JobId);
            return (JobEventKind.Cancelled, null, null);
        }
        catch (InvalidPayloadException ex)
        {
            return (JobEventKind.Failed, null, ex.Message);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Job {JobId} ({JobType}) failed", job.JobId, job.Type);
            return (JobEventKind.Failed, null, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    private Task AckAsync(ulong deliveryTag) => _channel!.BasicAckAsync(deliveryTag, multiple: false).AsTask();

    private async Task NackAsync(ulong deliveryTag, bool requeue)
    {
        try
        {
            await _channel!.BasicNackAsync(deliveryTag, multiple: false, requeue);
        }
        catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.AlreadyClosedException)
        {
            // The channel is gone, and with it the delivery: the broker requeues it by itself.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        await StopConsumingAsync();
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
        if (_channel is not null)
            await _channel.DisposeAsync();
    }

}
