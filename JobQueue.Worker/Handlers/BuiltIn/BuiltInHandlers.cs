namespace JobQueue.Worker.Handlers.BuiltIn;

public static class BuiltInHandlers
{
    /// <summary>The job types JobQueue's own worker runs: <c>reverse_string</c>, <c>uppercase_text</c>, <c>fibonacci_calc</c> and <c>sleep</c>.</summary>
    public static JobQueueWorkerBuilder AddBuiltInJobHandlers(this JobQueueWorkerBuilder worker) => worker
        .AddJobHandler<ReverseStringHandler>()
        .AddJobHandler<UppercaseTextHandler>()
        .AddJobHandler<FibonacciHandler>()
        .AddJobHandler<SleepHandler>();
}
