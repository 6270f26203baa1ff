using System.Text.Json;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.JobTypes;

namespace JobQueue.Worker.Handlers;

/// <summary>The typed side of <see cref="JobHandler"/>.</summary>
internal sealed class JobHandler<THandler, TPayload, TResult>(JobTypeDefinition definition, PayloadSchema schema) : JobHandler(definition, schema)
    where THandler : class, IJobHandler<TPayload, TResult>
{
    public override async Task<string?> RunAsync(IServiceProvider services, JsonElement payload, JobContext context, CancellationToken cancellationToken)
    {
        var handler = services.GetRequiredService<THandler>();
        var result = await handler.RunAsync(Bind(payload), context, cancellationToken);
        return result switch
        {
            null => null,
            string text => text,
            _ => JsonSerializer.Serialize(result, PayloadJson.Options),
        };
    }

    private TPayload Bind(JsonElement payload)
    {
        if (Schema.Validate(payload) is { Count: > 0 } errors)
            throw new InvalidPayloadException(string.Join(" ", errors.Select(e => e.Message)));
        try
        {
            return payload.Deserialize<TPayload>(PayloadJson.Binding)
                ?? throw new InvalidPayloadException($"The payload is null, not a {typeof(TPayload).Name}.");
        }
        catch (JsonException ex)
        {
            throw new InvalidPayloadException($"The payload does not fit {typeof(TPayload).Name}: {ex.Message}");
        }
    }
}
