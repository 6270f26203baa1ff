using System.Text.Json;
using Json.More;

namespace JobQueue.Shared.JobTypes.Guard;

/// <summary>Reads and writes <see cref="SafePatternKeyword"/> as the string it is.</summary>
public sealed class SafePatternKeywordConverter : WeaklyTypedJsonConverter<SafePatternKeyword>
{
    public override SafePatternKeyword Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String ? new SafePatternKeyword(reader.GetString()!) : throw new JsonException("pattern is a string.");

    public override void Write(Utf8JsonWriter writer, SafePatternKeyword value, JsonSerializerOptions options) => writer.WriteStringValue(value.Pattern);
}
