using JobQueue.Shared.Contracts;

namespace JobQueue.Dashboard.Workers;

/// <summary><c>GET /api/workers/{id}/logs</c>: the worker's own newest log lines (Information and above), oldest first.</summary>
public sealed record WorkerLogDto(string WorkerId, IReadOnlyList<WorkerLogLine> Lines);
