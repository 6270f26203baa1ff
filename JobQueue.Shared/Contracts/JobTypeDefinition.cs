using System.Text.Json;

namespace JobQueue.Shared.Contracts;

/// <summary>
/// A job type as a worker advertises it: its name, what it does, the JSON Schema its payload must follow, and the
/// timeout and attempts a job of it gets unless the submitter chooses others.
/// </summary>
/// <param name="Schema">A JSON Schema (draft 2020-12) of the payload, e.g. <c>{"type": "string", "minLength": 1}</c>.</param>
public sealed record JobTypeDefinition(string Name, string? Description, JsonElement Schema, int DefaultTimeoutSeconds, int DefaultMaxAttempts);
