namespace JobQueue.Dashboard.JobLogs;

/// <summary>
/// <c>GET /api/jobs/{id}/logs</c>: the job's kept lines, oldest first. <see cref="EarlierDropped"/> says lines before
/// these were written and are no longer kept (past <c>JobLogs:MaxLinesPerJob</c>, or dropped by a worker that could not
/// send them as fast as they were written). <see cref="Next"/> is the <c>after</c> that reads the lines after these.
/// </summary>
public sealed record JobLogDto(Guid JobId, IReadOnlyList<JobLogLineDto> Lines, bool EarlierDropped, long? Next);
