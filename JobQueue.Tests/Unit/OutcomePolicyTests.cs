using JobQueue.Shared.Contracts;
using JobQueue.Shared.State;

namespace JobQueue.Tests.Unit;

/// <summary>The retry rules as a table: what a handler's outcome comes to at each attempt.</summary>
public class OutcomePolicyTests
{
    private static TimeSpan Delay(int failedAttempt) => TimeSpan.FromSeconds(failedAttempt * 10);

    [Theory]
    // A retriable failure with attempts left: tried again after the attempt's back-off.
    [InlineData(JobEventKind.Failed, true, 1, 3, "retry", "boom", 10)]
    [InlineData(JobEventKind.Failed, true, 2, 3, "retry", "boom", 20)]
    // The last attempt: failed, saying how many it had.
    [InlineData(JobEventKind.Failed, true, 3, 3, "failed", "boom (attempt 3 of 3; no attempts left)", 0)]
    // One attempt only: failed with the error as it was.
    [InlineData(JobEventKind.Failed, true, 1, 1, "failed", "boom", 0)]
    // A failure no attempt can mend (a bad payload): failed at once, whatever is left.
    [InlineData(JobEventKind.Failed, false, 1, 3, "failed", "boom", 0)]
    [InlineData(JobEventKind.Succeeded, false, 1, 3, "succeeded", null, 0)]
    [InlineData(JobEventKind.Cancelled, false, 2, 3, "cancelled", null, 0)]
    public void Decide_ByOutcomeAndAttempt_RetriesOrFinishes(JobEventKind kind, bool retriable, int attempt, int maxAttempts,
        string expected, string? error, int delaySeconds)
    {
        var outcome = new HandlerOutcome(kind, Result: kind == JobEventKind.Succeeded ? "done" : null,
            Error: kind == JobEventKind.Failed ? "boom" : null, Retriable: retriable);
        var settlement = OutcomePolicy.Decide(outcome, attempt, maxAttempts, Delay);
        switch (settlement)
        {
            case Settlement.Retry retry:
                expected.ShouldBe("retry");
                retry.Error.ShouldBe(error);
                retry.Delay.ShouldBe(TimeSpan.FromSeconds(delaySeconds));
                break;
            case Settlement.Finish finish:
                JobQueue.Shared.Telemetry.JobQueueMetrics.OutcomeName(finish.Kind).ShouldBe(expected);
                finish.Error.ShouldBe(error);
                finish.Result.ShouldBe(kind == JobEventKind.Succeeded ? "done" : null);
                finish.DeadLetter.ShouldBe(kind == JobEventKind.Failed);
                break;
            default:
                throw new ShouldAssertException($"Expected {expected}, got {settlement}");
        }
    }

    [Fact]
    public void Decide_WhenStoppedByShutdown_Requeues() =>
        OutcomePolicy.Decide(HandlerOutcome.StoppedByShutdown, 1, 3, Delay).ShouldBeOfType<Settlement.Requeue>();
}
