namespace JobQueue.Shared.Contracts;

public sealed record WorkerStopped(string WorkerId, string Host, int Pid, DateTime At);
