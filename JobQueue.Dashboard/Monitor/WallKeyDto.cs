namespace JobQueue.Dashboard.Monitor;

public sealed record WallKeyDto(Guid Id, string Name, DateTime CreatedAt, string CreatedBy, DateTime? RevokedAt, bool ShowErrors)
{
    public static WallKeyDto From(WallKey key) => new(key.Id, key.Name, key.CreatedAt, key.CreatedBy, key.RevokedAt, key.ShowErrors);
}
