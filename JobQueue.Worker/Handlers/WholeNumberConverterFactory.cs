using System.Text.Json;
using System.Text.Json.Serialization;

namespace JobQueue.Worker.Handlers;

/// <summary>
/// Binds a payload's whole numbers written with a fraction part (<c>3.0</c>, <c>1e2</c>) to integer properties: JSON
/// Schema's <c>integer</c> is any whole-valued number, so the dashboard accepts them, and System.Text.Json alone would
/// refuse them at the worker. Used for binding only: the schema is made without it (a converter of its own would hide
/// the type from <c>JsonSchemaExporter</c>).
/// </summary>
public sealed class WholeNumberConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert == typeof(int) || typeToConvert == typeof(long) || typeToConvert == typeof(short) || typeToConvert == typeof(sbyte)
        || typeToConvert == typeof(uint) || typeToConvert == typeof(ulong) || typeToConvert == typeof(ushort) || typeToConvert == typeof(byte);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(WholeNumberConverter<>).MakeGenericType(typeToConvert))!;
}
