namespace JobQueue.Dashboard.Workers;

public sealed record SetConcurrencyRequest(int? Concurrency);
