using System.Text.Json;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.JobTypes;
using JobQueue.Shared.Messaging;
using JobQueue.Shared.State;
using JobQueue.Worker.Core;
using JobQueue.Worker.Events;
using JobQueue.Worker.Handlers;
using JobQueue.Worker.Telemetry;
using Microsoft.Extensions.Options;

namespace JobQueue.Worker.Consuming;

/// <summary>
/// Runs one delivered job: reads it (poison goes to the dead letters), skips it if it was cancelled before it came,
/// runs its handler under its timeout and cancel, settles the outcome by <see cref="OutcomePolicy"/> (publish it, retry
/// it later, or requeue it on shutdown) and acks the delivery only after the broker confirmed what was published.
/// </summary>
public sealed class JobRunner(
    IOptions<WorkerOptions> options,
    JobHandlerRegistry handlers,
    RunningJobs running,
    JobEventPublisher events,
    DeadLetterPublisher deadLetters,
    RetryPublisher retries,
    WorkerTelemetry telemetry,
    WorkerIdentity identity,
    TimeProvider time,
    IServiceScopeFactory scopes,
    ILogger<JobRunner> logger)
{
    /// <summary>Never throws: an outcome that could not be published leaves the delivery unacked, and the broker delivers it again.</summary>
    public async Task RunAsync(Delivery delivery)
    {
        try
        {
            if (ReadJob(delivery.Body, out var problem) is not { } job)
            {
                // Poison: running it again cannot help, so it goes to the dead letters now instead of round and round.
                logger.LogError("Dead-lettering a job message that cannot be run: {Reason}", problem);
                await deadLetters.PublishUnreadableAsync(delivery.Body, problem!, identity.Id, CancellationToken.None);
                delivery.Acks.Ack(delivery.Tag);
                return;
            }

            if (running.WasCancelled(job.JobId))
            {
                await events.PublishAsync(job, JobEventKind.Cancelled, CancellationToken.None);
                delivery.Acks.Ack(delivery.Tag);
                logger.LogInformation("Skipped job {JobId}: it was cancelled before it was delivered", job.JobId);
                return;
            }

            using var activity = WorkerTelemetry.StartRun(job, delivery.Trace);
            await RunAsync(job, delivery);
        }
        catch (Exception ex)
        {
            // The outcome could not be published (the broker went away): the job stays unacked, and the
            // broker delivers it again, to this worker after it reconnects or to another one.
            logger.LogWarning(ex, "Could not finish a delivery; it will be redelivered");
            delivery.Acks.Abandon(delivery.Tag);
        }
    }

    /// <returns>The job, or null with the reason when the message is not one that can be run.</returns>
    private JobMessage? ReadJob(byte[] body, out string? problem)
    {
        if (body.Length > options.Value.MaxMessageBytes)
        {
            problem = $"The job message is {body.Length} bytes; at most {options.Value.MaxMessageBytes} bytes are accepted.";
            return null;
        }
        try
        {
            var job = MessageEnvelope.Deserialize<JobMessage>(body);
            problem = job.Problem() is { } wrong ? $"The job message is not a runnable job: {wrong}" : null;
            return problem is null ? job : null;
        }
        catch (JsonException ex)
        {
            problem = $"The job message cannot be read: {ex.Message}";
            return null;
        }
    }

    private async Task RunAsync(JobMessage job, Delivery delivery)
    {
        var handler = handlers.Find(job.Type);
        var runningJob = running.Start(job.JobId, handler?.Timeout(job.TimeoutSeconds) ?? TimeSpan.FromSeconds(job.TimeoutSeconds ?? JobLimits.DefaultTimeoutSeconds));
        telemetry.Started(job);
        var settled = false;
        try
        {
            // Not awaited: the handler need not wait for the broker. The outcome goes out after it on the same channel,
            // and the job is acked only once the outcome is confirmed; a started event that was lost costs nothing.
            var started = events.PublishAsync(job, JobEventKind.Started, CancellationToken.None, redelivered: delivery.Redelivered, startedAt: runningJob.StartedAt);
            _ = started.ContinueWith(t => logger.LogDebug(t.Exception!.InnerException, "job.started of {JobId} was not published", job.JobId),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            var outcome = await RunHandlerAsync(job, handler, runningJob);
            var settlement = OutcomePolicy.Decide(outcome, job.Attempt, job.MaxAttempts, options.Value.RetryDelayAfter);
            switch (settlement)
            {
                case Settlement.Requeue:
                    running.Abandon(runningJob);
                    settled = true;
                    await delivery.Acks.NackAsync(delivery.Tag, requeue: true);
                    logger.LogInformation("Requeued job {JobId}: the worker is shutting down", job.JobId);
                    return;
                case Settlement.Retry retry:
                    await RetryLaterAsync(job, retry, runningJob);
                    break;
                case Settlement.Finish finish:
                    await events.PublishAsync(job, finish.Kind, CancellationToken.None, result: finish.Result, error: finish.Error, startedAt: runningJob.StartedAt);
                    if (finish.DeadLetter)
                        await deadLetters.PublishFailedAsync(job, finish.Error ?? "failed", identity.Id, CancellationToken.None);
                    break;
            }
            var failed = settlement is Settlement.Retry or Settlement.Finish { Kind: JobEventKind.Failed };
            running.Finish(runningJob, failed);
            telemetry.Finished(job, settlement, time.GetUtcNow().UtcDateTime - runningJob.StartedAt);
            settled = true;
            delivery.Acks.Ack(delivery.Tag);
        }
        finally
        {
            if (!settled)
                running.Abandon(runningJob);
        }
    }

    /// <summary>
    /// The retrying event goes first: if the worker dies before the next attempt is confirmed, the failed attempt is
    /// redelivered and runs again, which is better than a next attempt that races a redelivered one.
    /// </summary>
    private async Task RetryLaterAsync(JobMessage job, Settlement.Retry retry, RunningJob runningJob)
    {
        var retryAt = time.GetUtcNow().UtcDateTime + retry.Delay;
        await events.PublishAsync(job, JobEventKind.Retrying, CancellationToken.None, error: retry.Error, startedAt: runningJob.StartedAt, retryAt: retryAt);
        await retries.PublishAsync(job with { Attempt = job.Attempt + 1 }, retry.Delay, CancellationToken.None);
        logger.LogInformation("Job {JobId} attempt {Attempt} of {MaxAttempts} failed; next attempt in {Delay}: {Error}",
            job.JobId, job.Attempt, job.MaxAttempts, retry.Delay, retry.Error);
    }

    private async Task<HandlerOutcome> RunHandlerAsync(JobMessage job, JobHandler? handler, RunningJob runningJob)
    {
        if (handler is null)
            return new(JobEventKind.Failed, Error: $"This worker has no handler for job type '{job.Type}'.");
        try
        {
            var context = new JobContext(job.JobId, job.Attempt, job.MaxAttempts,
                progress => events.PublishAsync(job, JobEventKind.Progress, runningJob.Token, progress: progress, startedAt: runningJob.StartedAt),
                events.JobLog(job));
            // Each job gets a scope of its own, so a handler may take scoped services (a DbContext, say).
            await using var scope = scopes.CreateAsyncScope();
            var result = await handler.RunAsync(scope.ServiceProvider, job.Payload, context, runningJob.Token);
            return new(JobEventKind.Succeeded, Result: result);
        }
        catch (OperationCanceledException) when (runningJob.TimedOut)
        {
            logger.LogWarning("Job {JobId} ({JobType}) timed out after {Timeout}", job.JobId, job.Type, runningJob.Timeout);
            return new(JobEventKind.Failed, Error: $"timed out after {FormatTimeout(runningJob.Timeout)}", Retriable: true);
        }
        catch (OperationCanceledException) when (runningJob.Token.IsCancellationRequested)
        {
            if (runningJob.StoppedByShutdown)
                return HandlerOutcome.StoppedByShutdown;
            logger.LogInformation("Cancelled job {JobId} on request", job.JobId);
            return new(JobEventKind.Cancelled);
        }
        catch (InvalidPayloadException ex)
        {
            return new(JobEventKind.Failed, Error: ex.Message);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Job {JobId} ({JobType}) attempt {Attempt} failed", job.JobId, job.Type, job.Attempt);
            return new(JobEventKind.Failed, Error: $"{ex.GetType().Name}: {ex.Message}", Retriable: true);
        }
    }

    private static string FormatTimeout(TimeSpan timeout) =>
        timeout.TotalSeconds < 60 ? $"{timeout.TotalSeconds:0.###} s" : timeout.ToString(@"hh\:mm\:ss", System.Globalization.CultureInfo.InvariantCulture);
}
