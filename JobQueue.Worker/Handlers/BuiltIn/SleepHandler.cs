using System.Globalization;

namespace JobQueue.Worker.Handlers.BuiltIn;

/// <summary>Sleeps, reporting progress in steps and logging each one; stops at once on cancel. Its default timeout lets the longest sleep finish.</summary>
[JobType(JobTypeNames.Sleep, Description = "Sleeps, reporting progress in steps; \"fail\": true makes every attempt fail at the end, \"failAttempts\": k the first k",
    TimeoutSeconds = (int)SleepPayload.MaxSeconds + 300)]
public sealed class SleepHandler(TimeProvider time) : IJobHandler<SleepPayload, string>
{
    public async Task<string> RunAsync(SleepPayload sleep, JobContext context, CancellationToken cancellationToken)
    {
        for (var line = 1; line <= sleep.LogBurst; line++)
            context.Logger.LogInformation("burst line {Line} of {Lines}", line, sleep.LogBurst);
        var step = TimeSpan.FromSeconds(sleep.Seconds / sleep.Steps);
        context.Log(string.Create(CultureInfo.InvariantCulture, $"sleeping {sleep.Seconds:0.###} s in {sleep.Steps} step(s) of {step.TotalSeconds:0.###} s"));
        for (var done = 1; done <= sleep.Steps; done++)
        {
            await Task.Delay(step, time, cancellationToken);
            context.Log(string.Create(CultureInfo.InvariantCulture, $"step {done} of {sleep.Steps} done"));
            await context.ReportProgressAsync(100.0 * done / sleep.Steps);
        }
        if (sleep.FailsOn(context.Attempt))
        {
            context.Logger.LogWarning("failing on request (attempt {Attempt})", context.Attempt);
            throw new SleepFailedOnRequestException();
        }
        return string.Create(CultureInfo.InvariantCulture, $"slept {sleep.Seconds:0.###} s in {sleep.Steps} steps");
    }
}
