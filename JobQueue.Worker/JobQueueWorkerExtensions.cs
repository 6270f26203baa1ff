using JobQueue.ServiceDefaults;
using JobQueue.Shared.Messaging;
using JobQueue.Worker.Consuming;

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
        builder.AddJobConsuming();
        return new JobQueueWorkerBuilder(builder);
    }
}
