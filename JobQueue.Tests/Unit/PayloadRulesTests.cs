using System.Text.Json;
using JobQueue.Shared.JobTypes;

namespace JobQueue.Tests.Unit;

public class PayloadRulesTests
{
    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement;

    private static string? Check(string type, string payload)
    {
        JobTypeCatalog.TryGet(type, out var info).ShouldBeTrue();
        return info.Validate(Json(payload));
    }

    [Theory]
    [InlineData("reverse_string", "\"hello world\"")]
    [InlineData("uppercase_text", "\"<b>bold</b>\"")]
    [InlineData("fibonacci_calc", "0")]
    [InlineData("fibonacci_calc", "10000")]
    [InlineData("sleep", "{\"seconds\": 0.5, \"steps\": 1}")]
    [InlineData("sleep", "{\"seconds\": 3600, \"steps\": 1000}")]
    public void Validate_ValidPayload_Passes(string type, string payload) => Check(type, payload).ShouldBeNull();

    [Theory]
    [InlineData("reverse_string", "42", "JSON string")]
    [InlineData("reverse_string", "null", "JSON string")]
    [InlineData("uppercase_text", "{\"text\":\"a\"}", "JSON string")]
    [InlineData("reverse_string", "\"\"", "The text must not be empty or only spaces.")]
    [InlineData("uppercase_text", "\" \\t\\n \"", "The text must not be empty or only spaces.")]
    [InlineData("fibonacci_calc", "-1", "between 0 and 10000")]
    [InlineData("fibonacci_calc", "10001", "between 0 and 10000")]
    [InlineData("fibonacci_calc", "2.5", "whole number")]
    [InlineData("fibonacci_calc", "\"10\"", "whole number")]
    [InlineData("sleep", "5", "object")]
    [InlineData("sleep", "{\"steps\": 1}", "\"seconds\" must be a number")]
    [InlineData("sleep", "{\"seconds\": 0, \"steps\": 1}", "more than 0")]
    [InlineData("sleep", "{\"seconds\": 3601, \"steps\": 1}", "at most 3600")]
    [InlineData("sleep", "{\"seconds\": 1}", "\"steps\" must be a whole number")]
    [InlineData("sleep", "{\"seconds\": 1, \"steps\": 0}", "between 1 and 1000")]
    [InlineData("sleep", "{\"seconds\": 1, \"steps\": 1001}", "between 1 and 1000")]
    public void Validate_InvalidPayload_SaysWhatIsWrong(string type, string payload, string message) =>
        Check(type, payload).ShouldNotBeNull().ShouldContain(message);

    [Fact]
    public void Validate_TooLongText_IsRejected() =>
        Check("reverse_string", JsonSerializer.Serialize(new string('a', TextPayload.MaxLength + 1))).ShouldNotBeNull();

    [Fact]
    public void Catalog_KnowsExactlyTheBuiltInTypes() =>
        JobTypeCatalog.All.Select(t => t.Name).ShouldBe(["reverse_string", "uppercase_text", "fibonacci_calc", "sleep"], ignoreOrder: true);

    [Fact]
    public void Catalog_EveryExamplePayload_IsValid()
    {
        foreach (var type in JobTypeCatalog.All)
            type.Validate(Json(type.PayloadExample)).ShouldBeNull(type.Name);
    }
}
