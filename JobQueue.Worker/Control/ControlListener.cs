using System.Text.Json;
using JobQueue.ServiceDefaults.Hosting;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.Messaging;
using JobQueue.Worker.Advertising;
using JobQueue.Worker.Core;
using JobQueue.Worker.Logs;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace JobQueue.Worker.Control;

/// <summary>Listens on this worker's own exclusive queue bound to the <c>jobqueue.control</c> fanout.</summary>
public sealed class ControlListener(RabbitMqConnection connection, WorkerIdentity identity, RunningJobs running,
    WorkerCommands commands, WorkerLogRing logs, JobTypeAdvertiser advertiser, ILogger<ControlListener> logger, IServiceProvider services)
    : SupervisedBackgroundService(services)
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IChannel? _channel;

    /// <summary>Completes once cancels reach this worker, so that it takes no job before it can hear one.</summary>
    public Task Ready => _ready.Task;

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        // A run that failed half-way left a channel behind: close it before the next one opens its own.
        if (_channel is not null)
            await _channel.DisposeAsync();
        _channel = await connection.OpenChannelAsync(null, stoppingToken);
        var queue = await _channel.QueueDeclareAsync($"jobqueue.control.{identity.Id}.{Guid.NewGuid():N}",
            durable: false, exclusive: true, autoDelete: true, cancellationToken: stoppingToken);
        await _channel.QueueBindAsync(queue.QueueName, Topology.ControlExchange, routingKey: "", cancellationToken: stoppingToken);

        var consumer = new AsyncEventingBasicConsumer(_channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            Handle(delivery.Body);
            return Task.CompletedTask;
        };
        await _channel.BasicConsumeAsync(queue.QueueName, autoAck: true, consumer, stoppingToken);
        _ready.TrySetResult();
    }

    private void Handle(ReadOnlyMemory<byte> body)
    {
        ControlCommand command;
        try
        {
            command = MessageEnvelope.Deserialize<ControlCommand>(body);
        }
        catch (JsonException ex)
        {
            logger.LogWarning(ex, "Ignored an unreadable control message");
            return;
        }
        if (command.WorkerId is not null && command.WorkerId != identity.Id)
            return;

        switch (command)
        {
            case { Kind: ControlCommandKind.CancelJob, JobId: { } jobId }:
                if (running.RequestCancel(jobId))
                    logger.LogInformation("Cancelling running job {JobId}", jobId);
                break;
            case { Kind: ControlCommandKind.CancelJob }:
                logger.LogWarning("Ignored a cancel without a job id");
                break;
            case { Kind: ControlCommandKind.CancelJobs, JobIds: { } jobIds }:
                var stopped = jobIds.Count(running.RequestCancel);
                if (stopped > 0)
                    logger.LogInformation("Cancelling {Count} running job(s) of a bulk cancel of {Total}", stopped, jobIds.Count);
                break;
            case { Kind: ControlCommandKind.SendLogs }:
                logs.SendAllAgain();
                break;
            case { Kind: ControlCommandKind.SendJobTypes }:
                advertiser.Ask();
                break;
            default:
                commands.Post(command);
                break;
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_channel is not null)
            await _channel.DisposeAsync();
    }
}
