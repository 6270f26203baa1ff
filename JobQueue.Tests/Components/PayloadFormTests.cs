using System.Security.Claims;
using System.Text.Json.Nodes;
using Bunit;
using JobQueue.Dashboard.Components;
using JobQueue.Dashboard.Components.Jobs;
using JobQueue.Dashboard.Components.Jobs.Payload;
using JobQueue.Dashboard.Jobs;
using JobQueue.Dashboard.JobTypes;
using JobQueue.Dashboard.Live;
using JobQueue.Dashboard.Workers;
using JobQueue.Tests.Unit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor;

namespace JobQueue.Tests.Components;

/// <summary>A team's own type (<see cref="PayloadSchemaTests.ResizeImageHandler"/>): its form is made from its schema alone.</summary>
public class PayloadFormTests : MudComponentTest
{
    public PayloadFormTests()
    {
        var live = new LiveEvents(NullLogger<LiveEvents>.Instance, TimeProvider.System);
        Services.AddSingleton(live);
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton<WorkerRegistry>();
        Services.AddSingleton<JobQueue.Dashboard.Queues.IQueueStats>(new NoQueueStats());
        Services.AddBrowserClock();
        Services.AddSingleton<IJobTypeCatalog>(new FakeJobTypeCatalog(typeof(PayloadSchemaTests.ResizeImageHandler)));
        Services.AddSingleton(new JobQueue.Dashboard.Components.Scoped<JobService>(new NoScopes()));
        AddAuthorization().SetAuthorized("user@jobqueue.test").SetClaims(new Claim(ClaimTypes.NameIdentifier, "user-1"));
    }

    private IRenderedComponent<SubmitJobForm> RenderForm()
    {
        Render<MudPopoverProvider>();
        return Render<SubmitJobForm>();
    }

    [Fact]
    public void Render_ATeamsType_HasAnInputForEachPartOfItsSchema()
    {
        var form = RenderForm();
        form.Instance.JobType.ShouldBe("resize_image");
        form.Find("#payload-url").ShouldNotBeNull();
        form.Markup.ShouldContain("Image address");
        form.Find("#payload-size").TextContent.ShouldContain("Size");
        form.Find("#payload-size-width").ShouldNotBeNull();
        form.Find("#payload-size-height").ShouldNotBeNull();
        form.Markup.ShouldContain("1 to 10000");
        form.Find("#payload-tags-add").ShouldNotBeNull();
        form.Find("#payload-format").ShouldNotBeNull();
        form.Find("#payload-owner").ShouldNotBeNull();
    }

    [Fact]
    public void Render_ANestedBoundBroken_ShowsItsMessageNextToThatField()
    {
        var form = RenderForm();
        form.Find("#payload-url").Input("https://example.com/a.png");
        form.Find("#payload-owner").Input("me");
        form.Find("#payload-size-width").Input("0");
        form.Find("#payload-size-height").Input("10");
        form.Find("#submit-job").Click();
        form.Instance.Messages.Keys.ShouldBe(["payload.size.width"]);
        form.Instance.Messages["payload.size.width"].ShouldBe("Width must be between 1 and 10000.");
        form.Markup.ShouldContain("Width must be between 1 and 10000.");
    }

    [Fact]
    public void Render_AListItemAdded_IsAnInputOfItsOwn_AndItsMistakeIsSaidThere()
    {
        var form = RenderForm();
        form.Find("#payload-tags-add").Click();
        form.Find("#payload-tags-add").Click();
        form.Find("#payload-tags-add").Click();
        form.Find("#payload-tags-add").Click();
        form.FindAll(".jq-payload-item").Count.ShouldBe(4);
        form.Find("#payload-url").Input("https://example.com/a.png");
        form.Find("#payload-owner").Input("me");
        form.Find("#payload-size-width").Input("1");
        form.Find("#payload-size-height").Input("1");
        form.Find("#submit-job").Click();
        form.Instance.Messages["payload.tags"].ShouldBe("Tags must have at most 3 item(s).");
        form.FindAll(".jq-payload-remove")[0].Click();
        form.FindAll(".jq-payload-item").Count.ShouldBe(3);
    }

    [Fact]
    public void Value_OptionalPartsLeftAlone_AreLeftOut()
    {
        var field = PayloadField.For(new FakeJobTypeCatalog(typeof(PayloadSchemaTests.ResizeImageHandler)).All[0].Schema.Tree!);
        field.Children.Single(c => c.Name == "url").Text = "https://e.com/a";
        field.Children.Single(c => c.Name == "owner").Text = "me";
        var size = field.Children.Single(c => c.Name == "size");
        size.Children[0].Text = "3";
        size.Children[1].Text = "4";
        // format starts from its default (Png), left alone like slug and tags: the worker takes its default.
        field.Value()!.ToJsonString().ShouldBe("""{"url":"https://e.com/a","size":{"width":3,"height":4},"owner":"me"}""");
        field.Children.Single(c => c.Name == "format").Text = "\"Jpeg\"";
        field.Value()!["format"]!.GetValue<string>().ShouldBe("Jpeg");
    }

    [Theory]
    [InlineData("width", 7, "7")]
    [InlineData("width", 7L, "7")]
    [InlineData("width", 7.0, "7")]
    public void Set_ANumberMadeInCode_FillsItsInput(string name, object number, string expected)
    {
        var size = PayloadField.For(new FakeJobTypeCatalog(typeof(PayloadSchemaTests.ResizeImageHandler)).All[0].Schema.Tree!).Children.Single(c => c.Name == "size");
        size.Set(new JsonObject { [name] = JsonValue.Create(number) });
        size.Children.Single(c => c.Name == name).Text.ShouldBe(expected);
        size.Set(JsonNode.Parse($$"""{"{{name}}": 10.0}"""));
        size.Children.Single(c => c.Name == name).Text.ShouldBe("10", "a whole number read from JSON with a fraction part");
    }

    [Fact]
    public void ShowServiceErrors_PutsThePayloadsNextToTheirFields_AndReturnsTheRest()
    {
        var field = PayloadField.For(new FakeJobTypeCatalog(typeof(PayloadSchemaTests.ResizeImageHandler)).All[0].Schema.Tree!);
        var others = field.ShowServiceErrors(new Dictionary<string, string[]>
        {
            ["job.payload.size.width"] = ["size.width must be between 1 and 10000."],
            ["job.payload.owner"] = ["owner is required."],
            ["cron"] = ["cron is required."],
        }, "job.payload");
        others.ShouldBe([KeyValuePair.Create("cron", "cron is required.")]);
        var size = field.Children.Single(c => c.Name == "size");
        size.Children.Single(c => c.Name == "width").Error.ShouldBe("Width must be between 1 and 10000.");
        field.Children.Single(c => c.Name == "owner").Error.ShouldBe("Owner is required.");
    }

    [Fact]
    public void Example_OfASchema_IsAcceptedByIt()
    {
        var type = new FakeJobTypeCatalog(typeof(PayloadSchemaTests.ResizeImageHandler)).All[0];
        var example = PayloadExample.For(type.Schema.Tree);
        example.ShouldBeOfType<JsonObject>();
        foreach (var builtIn in new FakeJobTypeCatalog().All)
            builtIn.Schema.Validate(System.Text.Json.JsonSerializer.SerializeToElement(PayloadExample.For(builtIn.Schema.Tree))).ShouldBeEmpty(builtIn.Name);
    }

    private sealed class NoScopes : IServiceScopeFactory
    {
        public IServiceScope CreateScope() => throw new InvalidOperationException("Nothing is submitted here.");
    }
}
