using System.Text.Json.Serialization;

namespace JobQueue.Shared.JobTypes.Guard;

/// <summary>The serialization metadata JsonSchema.Net asks of a keyword it is given (it reads schemas with source-generated metadata).</summary>
[JsonSerializable(typeof(SafePatternKeyword))]
internal sealed partial class GuardJsonContext : JsonSerializerContext;
