namespace JobQueue.Worker.Control;

public static class ControlExtensions
{
    /// <summary>The admins' commands (<c>jobqueue.control</c>): heard by <see cref="ControlListener"/>, carried out through <see cref="WorkerCommands"/>.</summary>
    public static IHostApplicationBuilder AddWorkerControl(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<WorkerCommands>();
        builder.Services.AddSingleton<ControlListener>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ControlListener>());
        return builder;
    }
}
