namespace JobQueue.Dashboard.Recording;

public static class RecordingExtensions
{
    public static IHostApplicationBuilder AddJobRecorder(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RecorderOptions>().BindConfiguration(RecorderOptions.Section)
            .Validate(o => o.BatchSize is >= 1 and <= 10_000, "Recorder:BatchSize must be between 1 and 10000.");
        builder.Services.AddHostedService<JobRecorder>();
        return builder;
    }
}
