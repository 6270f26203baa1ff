using System.Text.Json;
using JobQueue.Tests.Infrastructure;
using JobQueue.Worker.Handlers;
using JobQueue.Worker.Handlers.BuiltIn;
using Microsoft.Extensions.DependencyInjection;

namespace JobQueue.Tests.Unit;

/// <summary>The built-in handlers, run as the worker runs them: the JSON payload checked against the type's schema, bound, run, the result written.</summary>
public class HandlerTests
{
    private static JobContext Context(List<double>? progress = null, int attempt = 1) =>
        new(Guid.NewGuid(), attempt, 3, p =>
        {
            progress?.Add(p);
            return Task.CompletedTask;
        }, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

    private static async Task<string?> RunAsync<THandler>(string payload, List<double>? progress = null, CancellationToken cancellationToken = default)
        where THandler : class
    {
        var services = new ServiceCollection().AddSingleton(TimeProvider.System).AddScoped<THandler>().BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        return await JobHandler.For(typeof(THandler)).RunAsync(scope.ServiceProvider, JsonDocument.Parse(payload).RootElement, Context(progress), cancellationToken);
    }

    [Theory]
    [InlineData("hello world", "dlrow olleh")]
    [InlineData("ab\u00e9\U0001F600", "\U0001F600\u00e9ba")]
    [InlineData("e\u0301x", "xe\u0301")]
    public async Task ReverseString_ReversesWholeCharacters(string input, string expected) =>
        (await RunAsync<ReverseStringHandler>(JsonSerializer.Serialize(input))).ShouldBe(expected);

    [Theory]
    [InlineData("Hello, World", "HELLO, WORLD")]
    [InlineData("\u00e9cole 42", "\u00c9COLE 42")]
    public async Task UppercaseText_UpperCases(string input, string expected) =>
        (await RunAsync<UppercaseTextHandler>(JsonSerializer.Serialize(input))).ShouldBe(expected);

    [Theory]
    [InlineData(0, "0")]
    [InlineData(1, "1")]
    [InlineData(2, "1")]
    [InlineData(10, "55")]
    [InlineData(93, "12200160415121876738")]
    [InlineData(100, "354224848179261915075")]
    public async Task Fibonacci_IsExact(int n, string expected) =>
        (await RunAsync<FibonacciHandler>(n.ToString(System.Globalization.CultureInfo.InvariantCulture))).ShouldBe(expected);

    [Fact]
    public async Task Fibonacci_OfTenThousand_Has2090DigitsAndMatchesTheRecurrence()
    {
        var result = await RunAsync<FibonacciHandler>("10000");
        result!.Length.ShouldBe(2090);
        result.ShouldBe(Expected.Fibonacci(10000));
    }

    [Fact]
    public async Task Fibonacci_InvalidPayload_ThrowsWithTheRule_BeforeTheHandlerRuns() =>
        (await Should.ThrowAsync<InvalidPayloadException>(() => RunAsync<FibonacciHandler>("-3")))
            .Message.ShouldBe("The payload must be between 0 and 10000.");

    [Fact]
    public async Task Sleep_ReportsProgressOncePerStep()
    {
        var progress = new List<double>();
        var result = await RunAsync<SleepHandler>("{\"seconds\": 0.05, \"steps\": 5}", progress);
        progress.ShouldBe([20, 40, 60, 80, 100]);
        result.ShouldBe("slept 0.05 s in 5 steps");
    }

    [Fact]
    public async Task Sleep_AMissingStep_IsRefusedWithItsPath() =>
        (await Should.ThrowAsync<InvalidPayloadException>(() => RunAsync<SleepHandler>("{\"seconds\": 1}")))
            .Message.ShouldBe("steps is required.");

    [Fact]
    public async Task Sleep_Cancelled_StopsAtOnce()
    {
        using var cancel = new CancellationTokenSource();
        var run = RunAsync<SleepHandler>("{\"seconds\": 3600, \"steps\": 1}", cancellationToken: cancel.Token);
        await cancel.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => run);
    }
}
