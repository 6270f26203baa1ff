namespace JobQueue.Dashboard.JobLogs;

public static class JobLogsExtensions
{
    /// <summary>Each job's own log: stored by the recorder, read by the job page and <c>GET /api/jobs/{id}/logs</c>.</summary>
    public static IHostApplicationBuilder AddJobLogs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<JobLogsOptions>().BindConfiguration(JobLogsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<JobLogStore>();
        return builder;
    }
}
