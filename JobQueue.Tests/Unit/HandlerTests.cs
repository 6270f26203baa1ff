using System.Text.Json;
using JobQueue.Tests.Infrastructure;
using JobQueue.Worker.Handlers;

namespace JobQueue.Tests.Unit;

public class HandlerTests
{
    private static JobContext Context(string payload, List<double>? progress = null) =>
        new(Guid.NewGuid(), JsonDocument.Parse(payload).RootElement, 1, p =>
        {
            progress?.Add(p);
            return Task.CompletedTask;
        }, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

    [Theory]
    [InlineData("hello world", "dlrow olleh")]
    [InlineData("ab\u00e9\U0001F600", "\U0001F600\u00e9ba")]
    [InlineData("e\u0301x", "xe\u0301")]
    public async Task ReverseString_ReversesWholeCharacters(string input, string expected) =>
        (await new ReverseStringHandler().RunAsync(Context(JsonSerializer.Serialize(input)), default)).ShouldBe(expected);

    [Theory]
    [InlineData("Hello, World", "HELLO, WORLD")]
    [InlineData("\u00e9cole 42", "\u00c9COLE 42")]
    public async Task UppercaseText_UpperCases(string input, string expected) =>
        (await new UppercaseTextHandler().RunAsync(Context(JsonSerializer.Serialize(input)), default)).ShouldBe(expected);

    [Theory]
    [InlineData(0, "0")]
    [InlineData(1, "1")]
    [InlineData(2, "1")]
    [InlineData(10, "55")]
    [InlineData(93, "12200160415121876738")]
    [InlineData(100, "354224848179261915075")]
    public async Task Fibonacci_IsExact(int n, string expected) =>
        (await new FibonacciHandler().RunAsync(Context(n.ToString(System.Globalization.CultureInfo.InvariantCulture)), default)).ShouldBe(expected);

    [Fact]
    public async Task Fibonacci_OfTenThousand_Has2090DigitsAndMatchesTheRecurrence()
    {
        var result = await new FibonacciHandler().RunAsync(Context("10000"), default);
        result.Length.ShouldBe(2090);
        result.ShouldBe(Expected.Fibonacci(10000));
    }

    [Fact]
    public async Task Fibonacci_InvalidPayload_ThrowsWithTheRule() =>
        (await Should.ThrowAsync<InvalidPayloadException>(() => new FibonacciHandler().RunAsync(Context("-3"), default)))
            .Message.ShouldContain("between 0 and 10000");

    [Fact]
    public async Task Sleep_ReportsProgressOncePerStep()
    {
        var progress = new List<double>();
        var result = await new SleepHandler(TimeProvider.System).RunAsync(Context("{\"seconds\": 0.05, \"steps\": 5}", progress), default);
        progress.ShouldBe([20, 40, 60, 80, 100]);
        result.ShouldContain("5 steps");
    }

    [Fact]
    public async Task Sleep_Cancelled_StopsAtOnce()
    {
        using var cancel = new CancellationTokenSource();
        var run = new SleepHandler(TimeProvider.System).RunAsync(Context("{\"seconds\": 3600, \"steps\": 1}"), cancel.Token);
        await cancel.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => run);
    }
}
