using System.Text.Json;

namespace JobQueue.Dashboard.Recurring;

public sealed record RecurringJobTemplateDto(string Type, JsonElement Payload, string Queue, string Priority, int MaxAttempts, int? TimeoutSeconds);
