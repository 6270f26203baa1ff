namespace JobQueue.Dashboard.Identity;

public sealed record RefreshRequest(string? RefreshToken);
