using JobQueue.Dashboard.Components.Monitor;
using JobQueue.Dashboard.Live;

namespace JobQueue.Tests.Unit;

public class QueueRowsTests
{
    private static QueueSnapshot Queue(string name, long ready = 0, long unacked = 0, long consumers = 1, double ack = 0) =>
        new(name, ready, unacked, ready + unacked, consumers, 0, 0, ack);

    [Fact]
    public void Fold_MoreBusyQueuesThanRoom_ShowsTheBusiestFirst_CountsTheRest_AndFoldsTheIdleByName()
    {
        var rows = QueueRows.Fold(
        [
            Queue("idle-b"), Queue("deep", ready: 500), Queue("idle-a"), Queue("stuck", ready: 3, consumers: 0),
            Queue("fast", ack: 40), Queue("shallow", ready: 2), Queue("busy", unacked: 30),
        ], room: 3);

        rows.Shown.Select(q => q.Name).ShouldBe(["stuck", "deep", "busy"]);
        rows.MoreBusy.ShouldBe(2);
        rows.Idle.ShouldBe(["idle-a", "idle-b"]);
    }

    [Fact]
    public void Fold_RoomLeftByBusyQueues_IsGivenToIdleOnes_InNameOrder()
    {
        var rows = QueueRows.Fold([Queue("c"), Queue("work", ready: 1), Queue("a"), Queue("b")], room: 3);

        rows.Shown.Select(q => q.Name).ShouldBe(["work", "a", "b"]);
        rows.MoreBusy.ShouldBe(0);
        rows.Idle.ShouldBe(["c"]);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(0.4, 1)]
    [InlineData(1.5, 2)]
    [InlineData(3, 5)]
    [InlineData(7, 10)]
    [InlineData(10, 10)]
    [InlineData(11, 20)]
    [InlineData(480, 500)]
    [InlineData(501, 1000)]
    public void Nice_RoundsTheTopOfAScaleUpTo125TimesAPowerOfTen(double max, double top) =>
        TimeSeriesChart.Nice(max).ShouldBe(top);
}
