namespace JobQueue.Dashboard.Recording;

public sealed class RecorderOptions
{
    public const string Section = "Recorder";

    /// <summary>Most events written in one database transaction.</summary>
    public int BatchSize { get; set; } = 500;
}
