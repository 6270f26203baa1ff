namespace JobQueue.Worker.Logs;

/// <summary>A log call as one line of text for the job log and the worker log: the message, then the exception (type, message, stack), cut at a length.</summary>
public static class LogLineText
{
    public static string Of<TState>(TState state, Exception? exception, Func<TState, Exception?, string> formatter, int maxLength)
    {
        var message = formatter(state, exception);
        if (exception is not null)
            message = message.Length == 0 ? exception.ToString() : $"{message}{Environment.NewLine}{exception}";
        return JobQueue.Shared.Contracts.JobLogLine.Cut(message, maxLength);
    }
}
