using JobQueue.Shared.Resilience;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Retry;

namespace JobQueue.ServiceDefaults.Resilience;

public static class ResilienceExtensions
{
    public static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan ManagementTimeout = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan ManagementBreak = TimeSpan.FromSeconds(10);

    /// <summary>How many times in all an operation is tried that keeps losing races (<see cref="Pipelines.StoreConflict"/>).</summary>
    public const int StoreConflictAttempts = 5;

    private const string LogCategory = "JobQueue.Resilience";

    /// <summary>
    /// Registers every pipeline of <see cref="Pipelines"/>. A retry logs each failure with its exception and the
    /// operation's name (the <see cref="ResilienceContext.OperationKey"/> of the call); none retries a call whose own
    /// cancellation token fired, so shutdown is never held up.
    /// </summary>
    public static IServiceCollection AddJobQueueResilience(this IServiceCollection services)
    {
        services.AddResiliencePipeline(Pipelines.BackgroundService, (builder, context) =>
            builder.AddRetry(Forever(context.ServiceProvider, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), LogLevel.Error,
                "{Operation} failed and starts again in {Delay:0.#} s (failure {Attempt})")));

        services.AddResiliencePipeline(Pipelines.BrokerConnect, (builder, context) =>
            builder.AddRetry(Forever(context.ServiceProvider, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(15), LogLevel.Warning,
                "{Operation} failed; trying again in {Delay:0.#} s (attempt {Attempt})")));

        services.AddResiliencePipeline(Pipelines.StoreUntilDone, (builder, context) =>
            builder.AddRetry(Forever(context.ServiceProvider, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), LogLevel.Error,
                "{Operation} failed; nothing was acked, trying again in {Delay:0.#} s (attempt {Attempt})")));

        services.AddResiliencePipeline(Pipelines.BrokerPublish, builder => builder.AddTimeout(PublishTimeout));

        services.AddResiliencePipeline(Pipelines.ManagementApi, (builder, context) => ManagementApi(builder, Logger(context.ServiceProvider)));
        return services;
    }

    /// <summary>
    /// Registers <see cref="Pipelines.StoreConflict"/>: an operation whose failure <paramref name="isConflict"/> calls a
    /// lost race (the process's store knows its own exceptions) is run again, after a short pause with jitter so two
    /// writers that collided do not collide again, at most <see cref="StoreConflictAttempts"/> times in all; each lost
    /// race is logged (Information: it is expected now and then), and the last one is thrown to the caller.
    /// </summary>
    public static IServiceCollection AddStoreConflictPipeline(this IServiceCollection services, Func<Exception, bool> isConflict)
    {
        services.AddResiliencePipeline(Pipelines.StoreConflict, (builder, context) =>
        {
            var logger = Logger(context.ServiceProvider);
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && isConflict(ex)
                    && !args.Context.CancellationToken.IsCancellationRequested),
                MaxRetryAttempts = StoreConflictAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(50),
                MaxDelay = TimeSpan.FromSeconds(2),
                OnRetry = args =>
                {
                    logger.LogInformation("{Operation} lost a race with another writer ({Conflict}); reading again in {Delay:0} ms (attempt {Attempt} of {Attempts})",
                        args.Context.OperationKey ?? "An operation", args.Outcome.Exception?.GetType().Name, args.RetryDelay.TotalMilliseconds,
                        args.AttemptNumber + 2, StoreConflictAttempts);
                    return ValueTask.CompletedTask;
                },
            });
        });
        return services;
    }

    /// <summary>
    /// The <see cref="Pipelines.ManagementApi"/> pipeline of one management API among several (a cluster's nodes): each
    /// has a circuit breaker of its own, so a node that is down is skipped without holding up the others.
    /// </summary>
    public static ResiliencePipeline GetManagementApiPipeline(this ResiliencePipelineRegistry<string> registry, string endpoint, IServiceProvider services) =>
        registry.GetOrAddPipeline($"{Pipelines.ManagementApi}:{endpoint}", builder => ManagementApi(builder, Logger(services)));

    private static void ManagementApi(ResiliencePipelineBuilder builder, ILogger logger) =>
        builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(IsFailure(args.Outcome.Exception, args.Context)),
                FailureRatio = 0.5,
                MinimumThroughput = 2,
                SamplingDuration = TimeSpan.FromSeconds(10),
                BreakDuration = ManagementBreak,
                OnOpened = args =>
                {
                    logger.LogWarning(args.Outcome.Exception, "{Operation} keeps failing; not tried again for {Break:0} s",
                        args.Context.OperationKey, args.BreakDuration.TotalSeconds);
                    return ValueTask.CompletedTask;
                },
                OnClosed = args =>
                {
                    logger.LogInformation("{Operation} answers again", args.Context.OperationKey);
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(ManagementTimeout);

    private static RetryStrategyOptions Forever(IServiceProvider services, TimeSpan first, TimeSpan longest, LogLevel level, string message)
    {
        var logger = Logger(services);
        return new RetryStrategyOptions
        {
            ShouldHandle = args => ValueTask.FromResult(IsFailure(args.Outcome.Exception, args.Context)),
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = first,
            MaxDelay = longest,
            OnRetry = args =>
            {
#pragma warning disable CA2254 // The template is one of the fixed strings above.
                logger.Log(level, args.Outcome.Exception, message, args.Context.OperationKey ?? "An operation", args.RetryDelay.TotalSeconds,
                    args.AttemptNumber + 1);
#pragma warning restore CA2254
                return ValueTask.CompletedTask;
            },
        };
    }

    /// <summary>Any exception is a failure, except the cancellation the caller asked for.</summary>
    private static bool IsFailure(Exception? exception, ResilienceContext context) =>
        exception is not null && !(exception is OperationCanceledException && context.CancellationToken.IsCancellationRequested);

    private static ILogger Logger(IServiceProvider services) =>
        services.GetRequiredService<ILoggerFactory>().CreateLogger(LogCategory);
}
