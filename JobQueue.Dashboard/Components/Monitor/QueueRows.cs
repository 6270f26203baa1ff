using JobQueue.Dashboard.Live;

namespace JobQueue.Dashboard.Components.Monitor;

/// <summary>
/// The queues a board has room for: the busiest first (jobs waiting with no one to take them, then the deepest, then
/// the fastest), at most a given number; the rest busy ones counted as "+M more"; idle ones (nothing waiting, nothing
/// unacked, no traffic) folded into one line by name.
/// </summary>
public sealed record QueueRows(IReadOnlyList<QueueSnapshot> Shown, int MoreBusy, IReadOnlyList<string> Idle)
{
    private const double Still = 0.05;

    public static bool IsIdle(QueueSnapshot queue) =>
        queue.Ready == 0 && (queue.Unacked ?? 0) == 0 && (queue.PublishRate ?? 0) < Still && (queue.DeliverRate ?? 0) < Still && (queue.AckRate ?? 0) < Still;

    public static QueueRows Fold(IEnumerable<QueueSnapshot> queues, int room)
    {
        var all = queues.ToList();
        var busy = all.Where(q => !IsIdle(q))
            .OrderByDescending(q => q.Ready > 0 && q.Consumers == 0)
            .ThenByDescending(q => q.Ready + (q.Unacked ?? 0))
            .ThenByDescending(q => (q.PublishRate ?? 0) + (q.AckRate ?? 0))
            .ThenBy(q => q.Name, StringComparer.Ordinal)
            .ToList();
        var idle = all.Where(IsIdle).Select(q => q.Name).Order(StringComparer.Ordinal).ToList();
        // Room left by busy queues is given to idle ones, so a quiet system still shows its queues.
        var shown = busy.Take(room).Concat(all.Where(IsIdle).OrderBy(q => q.Name, StringComparer.Ordinal).Take(Math.Max(0, room - busy.Count))).ToList();
        return new QueueRows(shown, Math.Max(0, busy.Count - room), idle.Skip(Math.Max(0, room - busy.Count)).ToList());
    }
}
