using JobQueue.Worker.Handlers;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace JobQueue.Worker;

/// <summary>What <see cref="JobQueueWorkerExtensions.AddJobQueueWorker"/> returns: add the job types this worker runs to it.</summary>
public sealed class JobQueueWorkerBuilder(IHostApplicationBuilder host)
{
    /// <summary>The application being built, for anything else a handler needs (its own services, options).</summary>
    public IHostApplicationBuilder Host { get; } = host;

    /// <summary>
    /// Runs the job type <typeparamref name="THandler"/> declares with <see cref="JobTypeAttribute"/>: the worker
    /// advertises it with its payload's JSON Schema and takes its jobs. The handler is resolved from a DI scope of
    /// its own for each job (registered scoped, unless already registered otherwise).
    /// </summary>
    /// <exception cref="InvalidOperationException">The handler does not implement <see cref="IJobHandler{TPayload, TResult}"/> once, has no <see cref="JobTypeAttribute"/>, or declares an invalid type.</exception>
    public JobQueueWorkerBuilder AddJobHandler<THandler>() where THandler : class
    {
        var handler = JobHandler.For(typeof(THandler));
        Host.Services.TryAddScoped<THandler>();
        Host.Services.AddSingleton(handler);
        return this;
    }
}
