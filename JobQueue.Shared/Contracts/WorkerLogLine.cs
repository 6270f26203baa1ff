using Microsoft.Extensions.Logging;

namespace JobQueue.Shared.Contracts;

public sealed record WorkerLogLine(long Number, DateTime At, LogLevel Level, string Category, string Message)
{
    public const int MaxMessageLength = 4000;
}
