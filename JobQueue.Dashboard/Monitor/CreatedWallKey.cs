namespace JobQueue.Dashboard.Monitor;

/// <summary>A new key: <see cref="Key"/> and <see cref="WallPath"/> are shown this once.</summary>
public sealed record CreatedWallKey(WallKeyDto WallKey, string Key, string WallPath);
