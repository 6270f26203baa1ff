using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace JobQueue.Worker.Handlers;

/// <summary>
/// How payloads and results are read and written: the web's JSON (camelCase names, any case read), numbers only as
/// numbers, enums by name, nullable and required as the C# type says. The schema a worker advertises is made with
/// <see cref="Options"/>, and a payload binds with <see cref="Binding"/>, the same but for integers, which take any
/// whole-valued number as the schema's <c>integer</c> does, so what the schema accepts is what binds.
/// </summary>
public static class PayloadJson
{
    /// <summary>For the schema and for results.</summary>
    public static JsonSerializerOptions Options { get; } = Create(wholeNumbers: false);

    /// <summary>For binding a payload: <see cref="Options"/> with <see cref="WholeNumberConverterFactory"/>.</summary>
    public static JsonSerializerOptions Binding { get; } = Create(wholeNumbers: true);

    private static JsonSerializerOptions Create(bool wholeNumbers)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            NumberHandling = JsonNumberHandling.Strict,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        options.Converters.Add(new JsonStringEnumConverter());
        if (wholeNumbers)
            options.Converters.Add(new WholeNumberConverterFactory());
        options.MakeReadOnly();
        return options;
    }
}
