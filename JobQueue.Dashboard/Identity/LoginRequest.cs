namespace JobQueue.Dashboard.Identity;

public sealed record LoginRequest(string? Email, string? Password);
