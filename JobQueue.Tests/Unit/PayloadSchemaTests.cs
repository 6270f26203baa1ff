using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Nodes;
using JobQueue.Shared.JobTypes;
using JobQueue.Worker.Handlers;
using Microsoft.Extensions.DependencyInjection;

namespace JobQueue.Tests.Unit;

/// <summary>A team's own payload type: its DataAnnotations become its JSON Schema's keywords, which the dashboard checks and words.</summary>
public class PayloadSchemaTests
{
    public enum Format { Png, Jpeg }

    public sealed record Size([Range(1, 10_000)] int Width, [Range(1, 10_000)] int Height);

    [Description("An image to resize")]
    public sealed record ResizeImage(
        [property: Url, Display(Name = "Image address")] string Url,
        Size Size,
        Format Format = Format.Png,
        [property: Length(1, 3)] string[]? Tags = null,
        [property: StringLength(40, MinimumLength = 2), RegularExpression("^[a-z-]+$", ErrorMessage = "must be lower-case words joined by '-'")] string? Slug = null,
        [property: Required] string? Owner = null);

    [JobType("resize_image", Description = "Resizes an image", TimeoutSeconds = 120, MaxAttempts = 5)]
    public sealed class ResizeImageHandler : IJobHandler<ResizeImage, Size>
    {
        public Task<Size> RunAsync(ResizeImage payload, JobContext context, CancellationToken cancellationToken) => Task.FromResult(payload.Size);
    }

    private static readonly JobHandler Handler = JobHandler.For(typeof(ResizeImageHandler));

    private static JsonObject Schema => JsonNode.Parse(Handler.Definition.Schema.GetRawText())!.AsObject();

    private static IReadOnlyList<PayloadError> Check(string payload) => Handler.Schema.Validate(JsonDocument.Parse(payload).RootElement);

    private const string Valid = """{"url": "https://example.com/a.png", "size": {"width": 10, "height": 20}, "owner": "me"}""";

    [Fact]
    public void Definition_CarriesTheAttributesNameDescriptionAndDefaults()
    {
        Handler.Definition.Name.ShouldBe("resize_image");
        Handler.Definition.Description.ShouldBe("Resizes an image");
        (Handler.Definition.DefaultTimeoutSeconds, Handler.Definition.DefaultMaxAttempts).ShouldBe((120, 5));
    }

    [Fact]
    public void Schema_SaysWhatTheAnnotationsSay()
    {
        var schema = Schema;
        schema["description"]!.GetValue<string>().ShouldBe("An image to resize");
        schema["required"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldBe(["url", "size", "owner"], ignoreOrder: true);
        var properties = schema["properties"]!.AsObject();
        properties["url"]!["format"]!.GetValue<string>().ShouldBe("uri");
        properties["url"]!["title"]!.GetValue<string>().ShouldBe("Image address");
        properties["size"]!["properties"]!["width"]!["maximum"]!.GetValue<long>().ShouldBe(10_000);
        properties["format"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldBe(["Png", "Jpeg"]);
        properties["tags"]!["maxItems"]!.GetValue<long>().ShouldBe(3);
        properties["slug"]!["errorMessage"]!["pattern"]!.GetValue<string>().ShouldBe("must be lower-case words joined by '-'");
        properties["owner"]!["minLength"]!.GetValue<long>().ShouldBe(1);
    }

    [Fact]
    public void Validate_AValidPayload_Passes() => Check(Valid).ShouldBeEmpty();

    [Theory]
    [InlineData("""{"url": "https://e.com/a", "size": {"width": 0, "height": 20}, "owner": "me"}""", "size.width", "must be between 1 and 10000.")]
    [InlineData("""{"url": "https://e.com/a", "size": {"width": 1}, "owner": "me"}""", "size.height", "is required.")]
    [InlineData("""{"url": "https://e.com/a", "size": {"width": 1, "height": 1}, "owner": "me", "format": "Gif"}""", "format", "must be one of \"Png\", \"Jpeg\".")]
    [InlineData("""{"url": "https://e.com/a", "size": {"width": 1, "height": 1}, "owner": "me", "tags": []}""", "tags", "must have at least 1 item(s).")]
    [InlineData("""{"url": "https://e.com/a", "size": {"width": 1, "height": 1}, "owner": "me", "tags": ["a", 2]}""", "tags[1]", "must be text, not a number.")]
    [InlineData("""{"url": "https://e.com/a", "size": {"width": 1, "height": 1}, "owner": "me", "slug": "Not OK"}""", "slug", "must be lower-case words joined by '-'.")]
    [InlineData("""{"url": "https://e.com/a", "size": {"width": 1, "height": 1}, "owner": ""}""", "owner", "must not be empty.")]
    [InlineData("""{"url": "not a url", "size": {"width": 1, "height": 1}, "owner": "me"}""", "url", "must be a valid uri.")]
    public void Validate_AMistake_IsSaidAtItsPath(string payload, string path, string rule) =>
        Check(payload).ShouldContain(new PayloadError(path, rule));

    [Fact]
    public void Error_Key_IsTheJsonPathUnderTheRootGiven()
    {
        new PayloadError("size.width", "x").Key("payload").ShouldBe("payload.size.width");
        new PayloadError("[2]", "x").Key("jobs[0].payload").ShouldBe("jobs[0].payload[2]");
        new PayloadError("", "x").Key("payload").ShouldBe("payload");
    }

    [Fact]
    public async Task Run_BindsTheTypedPayload_AndWritesANonTextResultAsJson()
    {
        var services = new ServiceCollection()
            .AddScoped<ResizeImageHandler>().BuildServiceProvider();
        var context = new JobContext(Guid.NewGuid(), 1, 1, _ => Task.CompletedTask, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        (await Handler.RunAsync(services, JsonDocument.Parse(Valid).RootElement, context, default)).ShouldBe("""{"width":10,"height":20}""");
    }

    [Fact]
    public async Task Run_AWholeNumberWithAFractionPart_BindsToAnInteger_AsTheSchemaAcceptsIt()
    {
        const string payload = """{"url": "https://e.com/a", "size": {"width": 10.0, "height": 2e1}, "owner": "me"}""";
        Check(payload).ShouldBeEmpty("JSON Schema's integer is any whole-valued number");
        Schema["properties"]!["size"]!["properties"]!["width"]!["type"]!.ToJsonString().ShouldContain("integer", Case.Sensitive,
            "the schema is made without the binding converter, which would hide the type");
        var services = new ServiceCollection().AddScoped<ResizeImageHandler>().BuildServiceProvider();
        var context = new JobContext(Guid.NewGuid(), 1, 1, _ => Task.CompletedTask, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        (await Handler.RunAsync(services, JsonDocument.Parse(payload).RootElement, context, default)).ShouldBe("""{"width":10,"height":20}""");
    }

    [Theory]
    [InlineData("3", 3)]
    [InlineData("3.0", 3)]
    [InlineData("-2e0", -2)]
    [InlineData("2147483647.00", int.MaxValue)]
    public void WholeNumbers_Bind(string json, int expected) =>
        JsonSerializer.Deserialize<int>(json, PayloadJson.Binding).ShouldBe(expected);

    [Theory]
    [InlineData("3.5", "must be a whole number.")]
    [InlineData("2147483648", "must be between -2147483648 and 2147483647.")]
    [InlineData("\"3\"", "must be a whole number, not text.")]
    public void NotWholeNumbers_AreRefusedSayingWhy(string json, string reason) =>
        Should.Throw<JsonException>(() => JsonSerializer.Deserialize<int>(json, PayloadJson.Binding)).Message.ShouldContain(reason);

    [Fact]
    public void WholeNumbers_OfOtherIntegerTypes_BindInTheirRange()
    {
        JsonSerializer.Deserialize<ulong>("18446744073709551615.0", PayloadJson.Binding).ShouldBe(ulong.MaxValue);
        JsonSerializer.Deserialize<byte?>("255.0", PayloadJson.Binding).ShouldBe((byte)255);
        Should.Throw<JsonException>(() => JsonSerializer.Deserialize<byte>("256", PayloadJson.Binding));
        Should.Throw<JsonException>(() => JsonSerializer.Deserialize<uint>("-1", PayloadJson.Binding));
        JsonSerializer.Serialize(new[] { 1L, -2L }, PayloadJson.Binding).ShouldBe("[1,-2]");
    }

    [Fact]
    public void For_AHandlerWithoutItsAttribute_IsRefusedAtStart() =>
        Should.Throw<InvalidOperationException>(() => JobHandler.For(typeof(string))).Message.ShouldContain("IJobHandler");

    [Fact]
    public void TryCreate_NotASchema_SaysWhy()
    {
        PayloadSchema.TryCreate(JsonDocument.Parse("42").RootElement, out var error).ShouldBeNull();
        error.ShouldNotBeNull().ShouldContain("JSON object");
        PayloadSchema.TryCreate(JsonDocument.Parse("""{"type": 7}""").RootElement, out error).ShouldBeNull();
        error.ShouldNotBeNull();
    }
}
