using System.Text.Json;
using System.Text.Json.Serialization;

namespace JobQueue.Client;

/// <summary>The JSON the API speaks: web defaults (camelCase), enums by name.</summary>
public static class JobQueueJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
