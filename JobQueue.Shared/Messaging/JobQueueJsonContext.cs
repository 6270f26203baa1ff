using System.Text.Json;
using System.Text.Json.Serialization;
using JobQueue.Shared.Contracts;

namespace JobQueue.Shared.Messaging;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(JobMessage))]
[JsonSerializable(typeof(JobEvent))]
[JsonSerializable(typeof(JobEventBatch))]
[JsonSerializable(typeof(ControlCommand))]
[JsonSerializable(typeof(WorkerHeartbeat))]
[JsonSerializable(typeof(WorkerStopped))]
[JsonSerializable(typeof(QueueDefinitionsChanged))]
[JsonSerializable(typeof(RecurringJobsChanged))]
[JsonSerializable(typeof(WorkerLogLines))]
[JsonSerializable(typeof(JobTypesAdvertised))]
public sealed partial class JobQueueJsonContext : JsonSerializerContext;
