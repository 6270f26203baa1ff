using System.Security.Claims;
using Bunit;
using JobQueue.Dashboard.Components;
using JobQueue.Dashboard.Components.Jobs;
using JobQueue.Dashboard.Jobs;
using JobQueue.Dashboard.Live;
using JobQueue.Dashboard.Workers;
using JobQueue.Shared.Contracts;
using JobQueue.Worker.Handlers.BuiltIn;
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
        Services.AddBrowserClock();
        Services.AddSingleton<JobQueue.Dashboard.JobTypes.IJobTypeCatalog>(new FakeJobTypeCatalog());
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
        form.Instance.Messages["payload"].ShouldBe("n must be between 0 and 10000.");
        form.Markup.ShouldContain("n must be between 0 and 10000.");
    }

    [Fact]
    public void Render_SecondBadValueAfterAMessage_ShowsItsOwnMessage()
    {
        var form = RenderForm(JobTypeNames.Sleep);
        form.Find("#payload-seconds").Input("0");
        form.Find("#payload-steps").Input("5");
        Submit(form);
        form.Markup.ShouldContain("Seconds must be more than 0");

        form.Find("#payload-seconds").Input("5");
        form.Instance.Messages.ContainsKey("payload.seconds").ShouldBeFalse("changing the field keeps its old message");
        form.Find("#payload-steps").Input("0");
        Submit(form);
        form.Instance.Messages.Keys.ShouldBe(["payload.steps"]);
        form.Markup.ShouldContain("Steps must be between 1 and 1000.");
        form.Markup.ShouldNotContain("Seconds must be more than 0");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Render_EmptyOrBlankText_IsRefusedNextToTheText(string text)
    {
        var form = RenderForm(JobTypeNames.ReverseString);
        form.Find("#payload-text").Input(text);
        Submit(form);
        form.Instance.Messages["payload"].ShouldBe("Text must not be empty or only spaces.");
    }

    [Fact]
    public void Render_BuiltInTypes_KeepTheirInputs_LabelsAndHints()
    {
        var form = RenderForm(JobTypeNames.Sleep);
        form.Find("#payload-seconds").ShouldNotBeNull();
        form.Markup.ShouldContain("more than 0, at most 3600");
        form.Markup.ShouldContain("progress reports, 1 to 1000");
        // The optional parts are folded under Options.
        form.Find("#payload-fail").ShouldNotBeNull();
        form.Find(".jq-folded").InnerHtml.ShouldContain("payload-fail");
        form.Find(".jq-folded").InnerHtml.ShouldContain("Fail every attempt");

        form.InvokeAsync(() => form.Instance.JobType = JobTypeNames.FibonacciCalc);
        form.Render();
        form.Markup.ShouldContain("a whole number, 0 to 10000");
        form.InvokeAsync(() => form.Instance.JobType = JobTypeNames.ReverseString);
        form.Render();
        form.Markup.ShouldContain("not blank, up to 60000 characters");
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
        form.Instance.Messages["payload.seconds"].ShouldBe("Seconds must be more than 0 and at most 3600.");
        form.Instance.Errors["maxAttempts"].ShouldBe("Max attempts must be between 1 and 10; 11 is out of range.");
        form.Instance.Errors["timeoutSeconds"].ShouldStartWith("Timeout must be between 1 and 86400");
        form.Markup.ShouldNotContain("\"seconds\"");
    }

    [Fact]
    public void Render_FibonacciEmpty_SaysNIsNeeded()
    {
        var form = RenderForm(JobTypeNames.FibonacciCalc);
        Submit(form);
        form.Instance.Messages.Keys.ShouldBe(["payload"]);
        form.Instance.Messages["payload"].ShouldStartWith("n must be a whole number");
    }

    [Theory]
    [InlineData("0", "5", "payload.seconds", "more than 0")]
    [InlineData("3601", "5", "payload.seconds", "at most 3600")]
    [InlineData("5", "0", "payload.steps", "between 1 and 1000")]
    [InlineData("5", "1001", "payload.steps", "between 1 and 1000")]
    [InlineData("5", "", "payload.steps", "Steps is required.")]
    public void Render_SleepOutOfRange_ShowsTheRuleNextToItsField(string seconds, string steps, string field, string message)
    {
        var form = RenderForm(JobTypeNames.Sleep);
        form.Find("#payload-seconds").Input(seconds);
        form.Find("#payload-steps").Input(steps);
        Submit(form);
        form.Instance.Messages.Keys.ShouldBe([field]);
        form.Instance.Messages[field].ShouldContain(message);
    }

    [Theory]
    [InlineData(JobTypeNames.ReverseString)]
    [InlineData(JobTypeNames.UppercaseText)]
    public void Render_TextTooLong_ShowsTheRuleNextToTheText(string jobType)
    {
        var form = RenderForm(jobType);
        form.Find("#payload-text").Input(new string('x', TextJobHandler.MaxLength + 1));
        Submit(form);
        form.Instance.Messages["payload"].ShouldContain("at most 60000 characters");
    }

    [Fact]
    public void Render_BadQueueName_ShowsTheRuleNextToTheQueue()
    {
        var form = RenderForm(JobTypeNames.ReverseString);
        form.Find("#payload-text").Input("fine");
        form.Find("#queue").Input("Not A Queue!");
        Submit(form);
        form.Instance.Messages.Keys.ShouldBe(["queue"]);
    }

    [Fact]
    public void Render_NoOnlineWorkerForTheType_WarnsButLeavesSubmitEnabled()
    {
        var form = RenderForm(JobTypeNames.Sleep);
        form.Find(".jq-no-worker").TextContent.ShouldContain("No worker online runs sleep");
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
