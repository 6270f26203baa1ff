namespace JobQueue.Worker.Handlers;

public static class HandlersExtensions
{
    /// <summary>The registry of the job handlers the worker runs (added with <c>AddJobHandler&lt;T&gt;()</c>).</summary>
    public static IHostApplicationBuilder AddJobHandlers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<JobHandlerRegistry>();
        return builder;
    }
}
