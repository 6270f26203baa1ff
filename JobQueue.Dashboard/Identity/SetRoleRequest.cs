namespace JobQueue.Dashboard.Identity;

public sealed record SetRoleRequest(string? Role);
