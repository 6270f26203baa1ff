using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace JobQueue.Worker.Handlers;

/// <summary>One integer type of <see cref="WholeNumberConverterFactory"/>: any whole-valued JSON number in its range.</summary>
internal sealed class WholeNumberConverter<T> : JsonConverter<T> where T : struct, IBinaryInteger<T>, IMinMaxValue<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number)
            throw new JsonException($"must be a whole number, not {Describe(reader.TokenType)}.");
        if (reader.TryGetInt64(out var whole) && whole >= long.CreateSaturating(T.MinValue) && whole <= long.CreateSaturating(T.MaxValue))
            return T.CreateTruncating(whole);
        if (reader.TryGetDecimal(out var value) && value == decimal.Truncate(value))
        {
            if (value >= decimal.CreateTruncating(T.MinValue) && value <= decimal.CreateTruncating(T.MaxValue))
                return T.CreateChecked(value);
            throw new JsonException(string.Create(CultureInfo.InvariantCulture, $"must be between {T.MinValue} and {T.MaxValue}."));
        }
        throw new JsonException("must be a whole number.");
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteNumberValue(decimal.CreateChecked(value));

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "text",
        JsonTokenType.True or JsonTokenType.False => "true or false",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "a list",
        _ => token.ToString(),
    };
}
