namespace JobQueue.Dashboard.Monitor;

/// <param name="ShowErrors">Whether walls opened with the key show the error texts of failed jobs and the recurring jobs' names (false when left out).</param>
/// <param name="Queues">The only queues its walls show (a team's wall); every queue when left out or empty.</param>
public sealed record CreateWallKeyRequest(string? Name, bool? ShowErrors, IReadOnlyList<string>? Queues = null);
