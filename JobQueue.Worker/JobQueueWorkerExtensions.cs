using JobQueue.ServiceDefaults;
using JobQueue.Shared.Messaging;
using JobQueue.Worker.Advertising;
using JobQueue.Worker.Consuming;
using JobQueue.Worker.Control;
using JobQueue.Worker.Core;
using JobQueue.Worker.Events;
using JobQueue.Worker.Handlers;
using JobQueue.Worker.Heartbeat;
using JobQueue.Worker.Logs;
using JobQueue.Worker.Telemetry;

namespace JobQueue.Worker;

public static class JobQueueWorkerExtensions
{
    /// <summary>
    /// Makes this application a JobQueue worker: telemetry and resilience (ServiceDefaults), the RabbitMQ connection
    /// (<c>JOBQUEUE_RABBITMQ</c>, <c>RabbitMq:*</c>), and taking jobs from the queues of <c>Worker:Queues</c>, with
    /// heartbeats, control commands, retries, dead letters and job logs. Add the job types it runs to what it returns:
    /// <code>builder.AddJobQueueWorker().AddJobHandler&lt;ResizeImageHandler&gt;();</code>
    /// </summary>
    /// <param name="serviceName">How the worker names itself to telemetry and to RabbitMQ.</param>
    public static JobQueueWorkerBuilder AddJobQueueWorker(this IHostApplicationBuilder builder, string serviceName = "jobqueue-worker")
    {
        builder.AddJobQueueDefaults(serviceName);
        builder.AddRabbitMq(serviceName);
        builder.AddWorkerCore();
        builder.AddJobEvents();
        builder.AddWorkerTelemetry();
        builder.AddJobHandlers();
        // Hosted services stop in the reverse of this order: the consumer drains first, while control (cancels) and
        // heartbeats still work, and the heartbeat announces worker.stopped last.
        builder.AddWorkerControl();
        builder.AddWorkerLogs();
        builder.AddJobTypeAdvertising();
        builder.AddHeartbeats();
        builder.AddJobConsuming();
        return new JobQueueWorkerBuilder(builder);
    }
}
