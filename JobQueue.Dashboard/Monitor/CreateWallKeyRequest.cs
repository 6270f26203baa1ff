namespace JobQueue.Dashboard.Monitor;

/// <param name="ShowErrors">Whether walls opened with the key show the error texts of failed jobs (false when left out).</param>
public sealed record CreateWallKeyRequest(string? Name, bool? ShowErrors);
