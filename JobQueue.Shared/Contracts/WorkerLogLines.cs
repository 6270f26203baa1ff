namespace JobQueue.Shared.Contracts;

/// <summary>
/// A worker's own log lines (Information and above), published as <c>worker.log</c> about once a second while it
/// logs, and all it still keeps when a dashboard asks (<see cref="ControlCommandKind.SendLogs"/>). <see cref="StartedAt"/>
/// and <see cref="WorkerLogLine.Number"/> tell a line already seen from a new one: numbers count from 1 in each process.
/// </summary>
public sealed record WorkerLogLines(string WorkerId, DateTime StartedAt, IReadOnlyList<WorkerLogLine> Lines);
