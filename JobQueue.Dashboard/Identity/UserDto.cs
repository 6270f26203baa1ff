namespace JobQueue.Dashboard.Identity;

public sealed record UserDto(string Id, string Email, string Role, bool Disabled);
