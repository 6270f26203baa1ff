using JobQueue.Dashboard.Audit;
using JobQueue.Dashboard.Api;
using JobQueue.Dashboard.Identity;
using JobQueue.Shared.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JobQueue.Dashboard.Workers;

/// <summary><c>GET /api/workers/{id}/logs</c>: the worker's own newest log lines (Information and above), oldest first.</summary>
public sealed record WorkerLogDto(string WorkerId, IReadOnlyList<WorkerLogLine> Lines);
