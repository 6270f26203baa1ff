namespace JobQueue.Worker.Handlers.BuiltIn;

/// <summary>What a sleep job with <c>"fail": true</c> (or an attempt within <c>"failAttempts"</c>) throws when it has slept.</summary>
public sealed class SleepFailedOnRequestException() : Exception("The sleep job failed on request (its \"fail\" or \"failAttempts\" option).");
