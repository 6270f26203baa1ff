namespace JobQueue.Bench.Live;

/// <summary>A page renderer's busy time so far, from Chrome DevTools' Performance metrics: seconds, and counts.</summary>
public sealed record BrowserTime(double Task, double Script, double Layout, double Style, long Layouts, long StyleRecalcs)
{
    public static BrowserTime operator -(BrowserTime after, BrowserTime before) => new(
        after.Task - before.Task, after.Script - before.Script, after.Layout - before.Layout, after.Style - before.Style,
        after.Layouts - before.Layouts, after.StyleRecalcs - before.StyleRecalcs);
}
