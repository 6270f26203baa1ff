using Polly;

namespace JobQueue.Shared.Resilience;

public static class PipelineExtensions
{
    /// <summary>Runs <paramref name="operation"/> through the pipeline with <paramref name="name"/> as the operation its logs name.</summary>
    public static async Task RunAsync(this ResiliencePipeline pipeline, string name, Func<CancellationToken, Task> operation,
        CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(name, cancellationToken);
        try
        {
            await pipeline.ExecuteAsync(static async (context, operation) => await operation(context.CancellationToken), context, operation);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <inheritdoc cref="RunAsync(ResiliencePipeline, string, Func{CancellationToken, Task}, CancellationToken)"/>
    public static async Task<T> RunAsync<T>(this ResiliencePipeline pipeline, string name, Func<CancellationToken, Task<T>> operation,
        CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(name, cancellationToken);
        try
        {
            return await pipeline.ExecuteAsync(static async (context, operation) => await operation(context.CancellationToken), context, operation);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
