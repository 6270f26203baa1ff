using JobQueue.Dashboard.JobLogs;
using JobQueue.Shared.Contracts;
using Microsoft.Extensions.Logging;

namespace JobQueue.Tests.Unit;

public class JobLogViewTests
{
    private static readonly Guid Job = Guid.Parse("0193a000-0000-7000-8000-000000000001");
    private static readonly DateTime T0 = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);

    private static JobLogLine Live(long number, int attempt = 1) =>
        new(Job, attempt, "u1", number, T0.AddSeconds(number), LogLevel.Information, $"line {number}", "w1");

    private static JobLogLineDto Stored(long id, long number) =>
        new(id, 1, number, T0.AddSeconds(number), "Information", $"line {number}", "w1");

    [Fact]
    public void Load_LiveLinesArrivedBeforeTheRead_AreKeptOnceAfterTheStoredOnes()
    {
        var view = new JobLogView(capacity: 100);
        view.Append(Live(2));
        view.Append(Live(3));

        view.Load(new JobLogDto(Job, [Stored(10, 1), Stored(11, 2)], EarlierDropped: false, Next: 11));
        view.Append(Live(3));
        view.Append(Live(4));

        view.Lines.Select(l => l.Number).ShouldBe([1L, 2, 3, 4]);
        view.Lines.Select(l => l.Id).ShouldBe([10L, 11, null, null]);
        view.EarlierDropped.ShouldBeFalse();
    }

    [Fact]
    public void Append_PastCapacity_DropsTheOldestAndSaysSo()
    {
        var view = new JobLogView(capacity: 3);
        for (var n = 1; n <= 5; n++)
            view.Append(Live(n));

        view.Lines.Select(l => l.Number).ShouldBe([3L, 4, 5]);
        view.EarlierDropped.ShouldBeTrue();
    }

    [Fact]
    public void Append_TheSameNumberOfAnotherAttempt_IsAnotherLine()
    {
        var view = new JobLogView(capacity: 10);
        view.Append(Live(1));
        view.Append(Live(1, attempt: 2));
        view.Append(Live(1));

        view.Lines.Count.ShouldBe(2);
    }

    [Fact]
    public void Load_StoredLogWithEarlierLinesGone_SaysEarlierDropped()
    {
        var view = new JobLogView(capacity: 10);
        view.Load(new JobLogDto(Job, [Stored(7, 500)], EarlierDropped: true, Next: 7));
        view.EarlierDropped.ShouldBeTrue();
    }
}
