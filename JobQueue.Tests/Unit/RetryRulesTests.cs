using JobQueue.Dashboard.Jobs;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.Messaging;
using JobQueue.Worker.Core;
using JobQueue.Worker.Handlers;
using JobQueue.Worker.Handlers.BuiltIn;

namespace JobQueue.Tests.Unit;

public class RetryRulesTests
{
    private static readonly DateTime T0 = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(9, 256)]
    [InlineData(10, 300)]
    [InlineData(40, 300)]
    public void RetryDelayAfter_DoublesFromTheBase_UpToTheCap(int failedAttempt, int seconds) =>
        new WorkerOptions { RetryBaseDelay = TimeSpan.FromSeconds(1), RetryMaxDelay = TimeSpan.FromMinutes(5) }
            .RetryDelayAfter(failedAttempt).ShouldBe(TimeSpan.FromSeconds(seconds));

    [Theory]
    [InlineData(500, "jobqueue.retry.500ms", "retry:500ms")]
    [InlineData(4000, "jobqueue.retry.4s", "retry:4s")]
    [InlineData(300_000, "jobqueue.retry.5m", "retry:5m")]
    [InlineData(90_000, "jobqueue.retry.90s", "retry:90s")]
    public void RetryQueueNames_SayTheDelay_AndTheirKeysCanNeverBeAQueueName(int milliseconds, string queue, string routingKey)
    {
        var delay = TimeSpan.FromMilliseconds(milliseconds);
        Topology.RetryQueueName(delay).ShouldBe(queue);
        Topology.RetryRoutingKey(delay).ShouldBe(routingKey);
        // The retry also carries its job queue's name as a CC key; a delay key must never reach a job queue.
        Topology.ValidateQueueName(routingKey).ShouldNotBeNull();
    }

    [Theory]
    [InlineData("{\"jobId\":\"00000000-0000-0000-0000-000000000000\",\"type\":\"sleep\",\"queue\":\"q\",\"attempt\":1,\"ownerId\":\"o\"}", "jobId is missing")]
    [InlineData("{\"jobId\":\"0197a2c4-0000-7000-8000-000000000001\",\"queue\":\"q\",\"attempt\":1,\"ownerId\":\"o\"}", "type is missing")]
    [InlineData("{\"jobId\":\"0197a2c4-0000-7000-8000-000000000001\",\"type\":\"sleep\",\"queue\":\"q\",\"attempt\":0,\"ownerId\":\"o\"}", "attempt must be 1 or more")]
    [InlineData("{\"jobId\":\"0197a2c4-0000-7000-8000-000000000001\",\"type\":\"sleep\",\"queue\":\"q\",\"attempt\":1,\"ownerId\":\"o\",\"maxAttempts\":0}", "maxAttempts must be between 1 and 10")]
    [InlineData("{\"jobId\":\"0197a2c4-0000-7000-8000-000000000001\",\"type\":\"sleep\",\"queue\":\"q\",\"attempt\":1,\"ownerId\":\"o\",\"timeoutSeconds\":-5}", "timeoutSeconds must be between 1 and 86400")]
    public void JobMessage_ThatCannotBeRun_SaysWhy(string json, string problem) =>
        MessageEnvelope.Deserialize<JobMessage>(System.Text.Encoding.UTF8.GetBytes(json)).Problem()!.ShouldContain(problem);

    [Fact]
    public void JobMessage_FromAnOlderDashboard_GetsTheDefaultAttempts_AndItsTypesTimeout()
    {
        var message = MessageEnvelope.Deserialize<JobMessage>(System.Text.Encoding.UTF8.GetBytes(
            "{\"jobId\":\"0197a2c4-0000-7000-8000-000000000001\",\"type\":\"reverse_string\",\"queue\":\"q\",\"payload\":\"x\",\"attempt\":1,\"ownerId\":\"o\"}"));
        message.Problem().ShouldBeNull();
        message.MaxAttempts.ShouldBe(3);
        JobHandler.For(typeof(ReverseStringHandler)).Timeout(message.TimeoutSeconds).ShouldBe(TimeSpan.FromSeconds(30));
        JobHandler.For(typeof(ReverseStringHandler)).Timeout(7).ShouldBe(TimeSpan.FromSeconds(7));
    }

    [Theory]
    [InlineData(2, 2, true)]
    [InlineData(2, 3, false)]
    [InlineData(0, 10, false)]
    public void SleepPayload_FailsTheAttemptsItWasAskedTo(int failAttempts, int attempt, bool fails) =>
        new SleepPayload(1, 1, FailAttempts: failAttempts).FailsOn(attempt).ShouldBe(fails);

    [Fact]
    public void SleepPayload_WithFail_FailsEveryAttempt() => new SleepPayload(1, 1, Fail: true).FailsOn(10).ShouldBeTrue();

    [Fact]
    public void Job_Retrying_ShowsTheNextAttempt_UntilTheNextAttemptStarts()
    {
        var job = Job.Submit(Guid.NewGuid(), "sleep", "default", "{}", "u1", "u1@x", T0, maxAttempts: 3);
        job.Apply(new JobEvent(job.Id, JobEventKind.Started, 1, "u1", T0.AddSeconds(1), "w1")).ShouldBeTrue();
        job.Apply(new JobEvent(job.Id, JobEventKind.Retrying, 1, "u1", T0.AddSeconds(2), "w1", Error: "boom", RetryAt: T0.AddSeconds(3))).ShouldBeTrue();

        job.Status.ShouldBe(JobStatus.Retrying);
        job.NextAttemptAt.ShouldBe(T0.AddSeconds(3));
        job.Timeline[^1].Note.ShouldBe("attempt 1 of 3 failed: boom; next attempt at 12:00:03 UTC");

        job.Apply(new JobEvent(job.Id, JobEventKind.Started, 2, "u1", T0.AddSeconds(3), "w2")).ShouldBeTrue();
        job.Status.ShouldBe(JobStatus.Running);
        job.Attempt.ShouldBe(2);
        job.NextAttemptAt.ShouldBeNull();
    }

    [Fact]
    public void RequestCancel_WhileWaitingToRetry_CancelsAtOnce()
    {
        var job = Job.Submit(Guid.NewGuid(), "sleep", "default", "{}", "u1", "u1@x", T0);
        job.Apply(new JobEvent(job.Id, JobEventKind.Retrying, 1, "u1", T0.AddSeconds(2), "w1", Error: "boom", RetryAt: T0.AddSeconds(3)));

        job.RequestCancel(T0.AddSeconds(2.5)).ShouldBe(JobEventKind.Cancelled);
        job.Status.ShouldBe(JobStatus.Cancelled);
        job.NextAttemptAt.ShouldBeNull();
        // Its next attempt, if a worker had just taken it, cannot bring it back.
        job.Apply(new JobEvent(job.Id, JobEventKind.Started, 2, "u1", T0.AddSeconds(3), "w2")).ShouldBeFalse();
    }
}
