namespace JobQueue.Worker.Handlers;

/// <summary>The payload does not follow its job type's rules; running the job again cannot help, so it fails at once.</summary>
public sealed class InvalidPayloadException(string message) : Exception(message);
