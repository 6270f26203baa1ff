using System.Security.Claims;
using Bunit;
using JobQueue.Dashboard.Components;
using JobQueue.Dashboard.Components.Jobs;
using JobQueue.Dashboard.Jobs;
using JobQueue.Dashboard.Live;
using JobQueue.Dashboard.Workers;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.JobTypes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor;

namespace JobQueue.Tests.Components;

public class SubmitJobFormTests : MudComponentTest
{
    private readonly LiveEvents _live = new(NullLogger<LiveEvents>.Instance, TimeProvider.System);

    public SubmitJobFormTests()
    {
        Services.AddSingleton(_live);
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton<WorkerRegistry>();
        Services.AddSingleton<JobQueue.Dashboard.Queues.IQueueStats>(new JobQueue.Tests.Unit.NoQueueStats());
        // Never reached: every case here is stopped by validation before anything is submitted.
        Services.AddSingleton(new Scoped<JobService>(new ThrowingScopes()));
        AddAuthorization().SetAuthorized("user@jobqueue.test").SetClaims(new Claim(ClaimTypes.NameIdentifier, "user-1"));
    }

    private IRenderedComponent<SubmitJobForm> RenderForm(string jobType)
    {
        Render<MudPopoverProvider>();
        var form = Render<SubmitJobForm>();
        form.InvokeAsync(() => form.Instance.JobType = jobType);
        form.Render();
        return form;
    }

    private static void Submit(IRenderedComponent<SubmitJobForm> form) => form.Find("#submit-job").Click();

    [Fact]
    public void Render_FibonacciOutOfRange_ShowsTheRuleNextToN()
    {
        var form = RenderForm(JobTypeNames.FibonacciCalc);
        form.Find("#payload-n").Input("10001");
        Submit(form);
        form.Instance.Errors["n"].ShouldBe("n must be between 0 and 10000; 10001 is out of range.");
        form.Markup.ShouldContain("10001 is out of range");
    }

    [Fact]
    public void Render_SecondBadValueAfterAMessage_ShowsItsOwnMessage()
    {
        var form = RenderForm(JobTypeNames.FibonacciCalc);
        form.Find("#payload-n").Input("-1");
        Submit(form);
        form.Markup.ShouldContain("-1 is out of range");

        form.Find("#payload-n").Input("10001");
        form.Instance.Errors.ShouldNotContainKey("n", "changing the field keeps its old message");
        Submit(form);
        form.Instance.Errors["n"].ShouldBe("n must be between 0 and 10000; 10001 is out of range.");
        form.Markup.ShouldContain("10001 is out of range");
        form.Markup.ShouldNotContain("-1 is out of range");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Render_EmptyOrBlankText_IsRefusedNextToTheText(string text)
    {
        var form = RenderForm(JobTypeNames.ReverseString);
        form.Find("#payload-text").Input(text);
        Submit(form);
        form.Instance.Errors["text"].ShouldBe("Text must not be empty or only spaces.");
    }

    [Fact]
    public void Render_Messages_NameTheFieldsByTheirLabels()
    {
        var form = RenderForm(JobTypeNames.Sleep);
        form.Find("#payload-seconds").Input("0");
        form.Find("#payload-steps").Input("5");
        form.Find("#max-attempts").Input("11");
        form.Find("#timeout-seconds").Input("0");
        Submit(form);
        form.Instance.Errors["seconds"].ShouldBe("Seconds must be more than 0 and at most 3600.");
        form.Instance.Errors["maxAttempts"].ShouldBe("Max attempts must be between 1 and 10; 11 is out of range.");
        form.Instance.Errors["timeoutSeconds"].ShouldStartWith("Timeout must be between 1 and 86400");
        form.Markup.ShouldNotContain("\"seconds\"");
    }

    [Fact]
    public void Render_FibonacciEmpty_AsksForN()
    {
        var form = RenderForm(JobTypeNames.FibonacciCalc);
        Submit(form);
        form.Instance.Errors.Keys.ShouldBe(["n"]);
    }

    [Theory]
    [InlineData("0", "5", "seconds", "more than 0")]
    [InlineData("3601", "5", "seconds", "at most 3600")]
    [InlineData("5", "0", "steps", "between 1 and 1000")]
    [InlineData("5", "1001", "steps", "between 1 and 1000")]
    public void Render_SleepOutOfRange_ShowsTheRuleNextToItsField(string seconds, string steps, string field, string message)
    {
        var form = RenderForm(JobTypeNames.Sleep);
        form.Find("#payload-seconds").Input(seconds);
        form.Find("#payload-steps").Input(steps);
        Submit(form);
        form.Instance.Errors.Keys.ShouldBe([field]);
        form.Instance.Errors[field].ShouldContain(message);
    }

    [Theory]
    [InlineData(JobTypeNames.ReverseString)]
    [InlineData(JobTypeNames.UppercaseText)]
    public void Render_TextTooLong_ShowsTheRuleNextToTheText(string jobType)
    {
        var form = RenderForm(jobType);
        form.Find("#payload-text").Input(new string('x', TextPayload.MaxLength + 1));
        Submit(form);
        form.Instance.Errors["text"].ShouldContain("at most 60000 characters");
    }

    [Fact]
    public void Render_BadQueueName_ShowsTheRuleNextToTheQueue()
    {
        var form = RenderForm(JobTypeNames.ReverseString);
        form.Find("#payload-text").Input("fine");
        form.Find("#queue").Input("Not A Queue!");
        Submit(form);
        form.Instance.Errors.Keys.ShouldBe(["queue"]);
    }

    [Fact]
    public void Render_NoOnlineWorkerForTheType_WarnsButLeavesSubmitEnabled()
    {
        var form = RenderForm(JobTypeNames.Sleep);
        form.Find(".jq-no-worker").TextContent.ShouldContain("No online worker runs sleep");
        form.Find("#submit-job").HasAttribute("disabled").ShouldBeFalse();
    }

    [Fact]
    public void Render_OnlineWorkerRunsTheType_HasNoWarning()
    {
        // As in the app, the registry must exist before the heartbeat arrives.
        Services.GetRequiredService<WorkerRegistry>();
        _live.Publish(new LiveEvent.WorkerBeat(new WorkerHeartbeat("w1", "host", 1, "1.0", ["default"], 4, [], 0, 0,
            [JobTypeNames.Sleep], DateTime.UtcNow, DateTime.UtcNow)));
        var form = RenderForm(JobTypeNames.Sleep);
        form.FindAll(".jq-no-worker").ShouldBeEmpty();
    }

    private sealed class ThrowingScopes : IServiceScopeFactory
    {
        public IServiceScope CreateScope() => throw new InvalidOperationException("Validation should have stopped the submit.");
    }
}
