namespace JobQueue.Shared.JobTypes.Guard;

/// <summary>Why <see cref="SchemaGuard"/> refuses a schema; caught inside it and answered as its error.</summary>
internal sealed class RefusedSchemaException(string message) : Exception(message);
