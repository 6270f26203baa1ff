namespace JobQueue.Dashboard.Identity;

public sealed record CreateUserRequest(string? Email, string? Password, string? Role);
