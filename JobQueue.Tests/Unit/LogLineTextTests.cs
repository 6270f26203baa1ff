using JobQueue.Worker.Logs;

namespace JobQueue.Tests.Unit;

public class LogLineTextTests
{
    private static string Text(string message, Exception? exception, int max) =>
        LogLineText.Of(message, exception, static (text, _) => text, max);

    [Fact]
    public void Of_AMessageAlone_IsTheMessage() => Text("step 1 done", null, 100).ShouldBe("step 1 done");

    [Fact]
    public void Of_AMessageWithAnException_AddsItsTypeMessageAndStack()
    {
        Exception thrown;
        try
        {
            throw new InvalidOperationException("disk full");
        }
        catch (InvalidOperationException ex)
        {
            thrown = ex;
        }

        var text = Text("upload failed", thrown, 10_000);

        text.ShouldStartWith("upload failed" + Environment.NewLine + "System.InvalidOperationException: disk full");
        text.ShouldContain(nameof(Of_AMessageWithAnException_AddsItsTypeMessageAndStack));
    }

    [Fact]
    public void Of_AnEmptyMessageWithAnException_IsTheException() =>
        Text("", new TimeoutException("slow"), 100).ShouldBe("System.TimeoutException: slow");

    [Fact]
    public void Of_ALongMessage_IsCutWithAnEllipsisAtTheLength()
    {
        var text = Text(new string('x', 50), null, 10);
        text.Length.ShouldBe(10);
        text.ShouldEndWith("…");
    }
}
