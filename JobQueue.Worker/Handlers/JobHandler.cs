using System.Reflection;
using System.Text.Json;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.JobTypes;

namespace JobQueue.Worker.Handlers;

/// <summary>
/// One registered handler as the worker sees it, whatever its payload and result types: the job type it advertises
/// (name, description, payload schema, defaults) and how to run a job of it from the JSON payload.
/// </summary>
public abstract class JobHandler
{
    private protected JobHandler(JobTypeDefinition definition, PayloadSchema schema) => (Definition, Schema) = (definition, schema);

    /// <summary>The job type as it is advertised.</summary>
    public JobTypeDefinition Definition { get; }

    public string JobType => Definition.Name;

    /// <summary>The payload's schema, which every payload is checked against before it is bound.</summary>
    public PayloadSchema Schema { get; }

    /// <summary>How long one attempt may run: the job's own timeout, else the type's.</summary>
    public TimeSpan Timeout(int? jobTimeoutSeconds) => TimeSpan.FromSeconds(jobTimeoutSeconds ?? Definition.DefaultTimeoutSeconds);

    /// <summary>Checks and binds the payload, runs the handler (resolved from <paramref name="services"/>) and writes its result.</summary>
    /// <exception cref="InvalidPayloadException">The payload breaks the type's schema, or does not bind to its payload type.</exception>
    public abstract Task<string?> RunAsync(IServiceProvider services, JsonElement payload, JobContext context, CancellationToken cancellationToken);

    /// <summary>The handler of <paramref name="handlerType"/>, which implements <see cref="IJobHandler{TPayload, TResult}"/> once and has <see cref="JobTypeAttribute"/>.</summary>
    /// <exception cref="InvalidOperationException">It does not, or the type it declares is not a valid one.</exception>
    public static JobHandler For(Type handlerType)
    {
        var contracts = handlerType.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IJobHandler<,>)).ToList();
        if (contracts.Count != 1)
            throw new InvalidOperationException($"{handlerType.Name} must implement IJobHandler<TPayload, TResult> exactly once.");
        var attribute = handlerType.GetCustomAttribute<JobTypeAttribute>()
            ?? throw new InvalidOperationException($"{handlerType.Name} has no [JobType(\"name\")] attribute.");
        if (JobLimits.ValidateTypeName(attribute.Name) is { } nameError)
            throw new InvalidOperationException($"{handlerType.Name}: {nameError}");
        if (JobLimits.ValidateTimeout(attribute.TimeoutSeconds, "TimeoutSeconds") is { } timeoutError)
            throw new InvalidOperationException($"{handlerType.Name}: {timeoutError}");
        if (JobLimits.ValidateMaxAttempts(attribute.MaxAttempts, "MaxAttempts") is { } attemptsError)
            throw new InvalidOperationException($"{handlerType.Name}: {attemptsError}");
        if (attribute.Description?.Length > JobLimits.MaxDescriptionLength)
            throw new InvalidOperationException($"{handlerType.Name}: the description is longer than {JobLimits.MaxDescriptionLength} characters.");

        var contract = contracts[0];
        var (payloadType, resultType) = (contract.GetGenericArguments()[0], contract.GetGenericArguments()[1]);
        var run = handlerType.GetInterfaceMap(contract).TargetMethods.Single();
        var schemaNode = PayloadSchemas.For(payloadType, run.GetParameters()[0]);
        var schemaElement = JsonSerializer.SerializeToElement(schemaNode);
        var schema = PayloadSchema.TryCreate(schemaElement, out var schemaError)
            ?? throw new InvalidOperationException($"{handlerType.Name}: the payload's schema is not usable: {schemaError}");
        var definition = new JobTypeDefinition(attribute.Name, attribute.Description, schemaElement, attribute.TimeoutSeconds, attribute.MaxAttempts);
        return (JobHandler)Activator.CreateInstance(typeof(JobHandler<,,>).MakeGenericType(handlerType, payloadType, resultType), definition, schema)!;
    }
}
