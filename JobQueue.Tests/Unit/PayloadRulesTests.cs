using System.Text.Json;
using JobQueue.Shared.JobTypes;
using JobQueue.Worker.Handlers;
using JobQueue.Worker.Handlers.BuiltIn;

namespace JobQueue.Tests.Unit;

/// <summary>The built-in types' rules, as their handlers' schemas say them and as the dashboard and the worker check them (PayloadSchema).</summary>
public class PayloadRulesTests
{
    private static readonly Dictionary<string, JobHandler> BuiltIn = new[]
    {
        typeof(ReverseStringHandler), typeof(UppercaseTextHandler), typeof(FibonacciHandler), typeof(SleepHandler),
    }.Select(JobHandler.For).ToDictionary(h => h.JobType);

    private static IReadOnlyList<PayloadError> Check(string type, string payload) => BuiltIn[type].Schema.Validate(JsonDocument.Parse(payload).RootElement);

    [Theory]
    [InlineData("reverse_string", "\"hello world\"")]
    [InlineData("uppercase_text", "\"<b>bold</b>\"")]
    [InlineData("fibonacci_calc", "0")]
    [InlineData("fibonacci_calc", "10000")]
    [InlineData("sleep", "{\"seconds\": 0.5, \"steps\": 1}")]
    [InlineData("sleep", "{\"seconds\": 3600, \"steps\": 1000, \"fail\": true, \"failAttempts\": 10, \"logBurst\": 1000000}")]
    public void Validate_ValidPayload_Passes(string type, string payload) => Check(type, payload).ShouldBeEmpty();

    [Theory]
    [InlineData("reverse_string", "42", "", "must be text, not a number.")]
    [InlineData("reverse_string", "null", "", "must be text, not null.")]
    [InlineData("uppercase_text", "{\"text\":\"a\"}", "", "must be text, not an object.")]
    [InlineData("reverse_string", "\"\"", "", "must not be empty or only spaces.")]
    [InlineData("uppercase_text", "\" \\t\\n \"", "", "must not be empty or only spaces.")]
    [InlineData("fibonacci_calc", "-1", "", "must be between 0 and 10000.")]
    [InlineData("fibonacci_calc", "10001", "", "must be between 0 and 10000.")]
    [InlineData("fibonacci_calc", "2.5", "", "must be a whole number, not a number.")]
    [InlineData("fibonacci_calc", "\"10\"", "", "must be a whole number, not text.")]
    [InlineData("sleep", "5", "", "must be an object, not a number.")]
    [InlineData("sleep", "{\"steps\": 1}", "seconds", "is required.")]
    [InlineData("sleep", "{\"seconds\": \"1\", \"steps\": 1}", "seconds", "must be a number, not text.")]
    [InlineData("sleep", "{\"seconds\": 0, \"steps\": 1}", "seconds", "must be more than 0 and at most 3600.")]
    [InlineData("sleep", "{\"seconds\": 3601, \"steps\": 1}", "seconds", "must be more than 0 and at most 3600.")]
    [InlineData("sleep", "{\"seconds\": 1}", "steps", "is required.")]
    [InlineData("sleep", "{\"seconds\": 1, \"steps\": 0}", "steps", "must be between 1 and 1000.")]
    [InlineData("sleep", "{\"seconds\": 1, \"steps\": 1001}", "steps", "must be between 1 and 1000.")]
    [InlineData("sleep", "{\"seconds\": 1, \"steps\": 1, \"fail\": \"yes\"}", "fail", "must be true or false, not text.")]
    [InlineData("sleep", "{\"seconds\": 1, \"steps\": 1, \"failAttempts\": 11}", "failAttempts", "must be between 0 and 10.")]
    public void Validate_InvalidPayload_SaysWhereAndWhatIsWrong(string type, string payload, string path, string rule) =>
        Check(type, payload).ShouldBe([new PayloadError(path, rule)]);

    [Fact]
    public void Validate_SeveralMistakes_AreEachSaid() =>
        Check("sleep", "{\"seconds\": -1, \"steps\": \"x\"}").Select(e => e.Message).ShouldBe(
            ["seconds must be more than 0 and at most 3600.", "steps must be a whole number, not text."], ignoreOrder: true);

    [Fact]
    public void Validate_TooLongText_IsRejected() =>
        Check("reverse_string", JsonSerializer.Serialize(new string('a', TextJobHandler.MaxLength + 1)))
            .ShouldBe([new PayloadError("", $"must be at most {TextJobHandler.MaxLength} characters long.")]);

    [Fact]
    public void BuiltInTypes_AdvertiseTheirDefaultsAndDescriptions()
    {
        BuiltIn["reverse_string"].Definition.DefaultTimeoutSeconds.ShouldBe(30);
        BuiltIn["fibonacci_calc"].Definition.DefaultTimeoutSeconds.ShouldBe(60);
        BuiltIn["sleep"].Definition.DefaultTimeoutSeconds.ShouldBe(3900);
        BuiltIn.Values.ShouldAllBe(h => h.Definition.DefaultMaxAttempts == 3 && !string.IsNullOrEmpty(h.Definition.Description));
    }
}
