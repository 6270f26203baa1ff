using System.Globalization;
using System.Text;
using JobQueue.Shared.JobTypes;

namespace JobQueue.Worker.Handlers;

public sealed class ReverseStringHandler : IJobHandler
{
    public string JobType => JobTypeNames.ReverseString;

    public Task<string> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var text = Read(context);
        // Reverse whole text elements, so accented letters, surrogate pairs and emoji stay intact.
        var elements = StringInfo.GetTextElementEnumerator(text);
        var parts = new List<string>(text.Length);
        while (elements.MoveNext())
            parts.Add(elements.GetTextElement());
        parts.Reverse();
        return Task.FromResult(string.Concat(parts));
    }

    internal static string Read(JobContext context) =>
        TextPayload.TryRead(context.Payload, out var text) is { } error ? throw new InvalidPayloadException(error) : text;
}

public sealed class UppercaseTextHandler : IJobHandler
{
    public string JobType => JobTypeNames.UppercaseText;

    public Task<string> RunAsync(JobContext context, CancellationToken cancellationToken) =>
        Task.FromResult(ReverseStringHandler.Read(context).ToUpperInvariant());
}
