using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace JobQueue.Worker.Handlers;

/// <summary>
/// How payloads and results are read and written: the web's JSON (camelCase names, any case read), numbers only as
/// numbers, enums by name, nullable and required as the C# type says. The schema a worker advertises is made with
/// the same options, so what the schema accepts is what binds.
/// </summary>
public static class PayloadJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            NumberHandling = JsonNumberHandling.Strict,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly();
        return options;
    }
}
