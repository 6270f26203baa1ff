using JobQueue.Shared.Contracts;

namespace JobQueue.Dashboard.JobLogs;

/// <summary>
/// What a job page shows of the job's log: the stored lines it read, then the live ones as they come, each line once
/// (a live line the read already had is skipped), at most <c>capacity</c> (the oldest go first, as in the database).
/// </summary>
public sealed class JobLogView(int capacity)
{
    private readonly List<JobLogLineDto> _lines = [];
    private readonly HashSet<(int Attempt, long Number, string? WorkerId)> _seen = [];

    public IReadOnlyList<JobLogLineDto> Lines => _lines;

    /// <summary>Lines before the first shown one were written and are not shown (not kept, or dropped by the worker).</summary>
    public bool EarlierDropped { get; private set; }

    /// <summary>Takes what the database has; live lines that arrived before it and that it does not have yet stay after it.</summary>
    public void Load(JobLogDto stored)
    {
        var live = _lines.Where(l => l.Id is null).ToList();
        _lines.Clear();
        _seen.Clear();
        EarlierDropped = stored.EarlierDropped;
        foreach (var line in stored.Lines.Concat(live))
            Add(line);
    }

    public void Append(JobLogLine line) => Add(JobLogLineDto.From(line));

    private void Add(JobLogLineDto line)
    {
        if (!_seen.Add((line.Attempt, line.Number, line.WorkerId)))
            return;
        _lines.Add(line);
        if (_lines.Count > capacity)
        {
            var oldest = _lines[0];
            _lines.RemoveAt(0);
            _seen.Remove((oldest.Attempt, oldest.Number, oldest.WorkerId));
            EarlierDropped = true;
        }
    }
}
