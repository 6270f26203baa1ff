using System.Text.RegularExpressions;
using JobQueue.Worker.Handlers;

namespace WordCountWorker;

/// <summary>Counts the words of a text: how many, how many different ones, and the most frequent. Reports progress as it reads.</summary>
[JobType("word_count", Description = "Counts the words of a text and lists the most frequent ones", TimeoutSeconds = 60)]
public sealed partial class WordCountHandler : IJobHandler<WordCountPayload, WordCountResult>
{
    /// <summary>Progress is reported once per this many words.</summary>
    private const int ProgressEvery = 10_000;

    public async Task<WordCountResult> RunAsync(WordCountPayload payload, JobContext context, CancellationToken cancellationToken)
    {
        var comparer = payload.CaseSensitive ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;
        var counts = new Dictionary<string, int>(comparer);
        var matches = Word().Matches(payload.Text);
        var words = 0;
        foreach (Match match in matches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (match.Length < payload.MinLength)
                continue;
            var word = payload.CaseSensitive ? match.Value : match.Value.ToLowerInvariant();
            counts[word] = counts.GetValueOrDefault(word) + 1;
            if (++words % ProgressEvery == 0)
                await context.ReportProgressAsync(100.0 * match.Index / payload.Text.Length);
        }
        context.Log($"counted {words} word(s), {counts.Count} different");
        var top = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(payload.Top)
            .Select(c => new WordFrequency(c.Key, c.Value)).ToList();
        return new WordCountResult(words, counts.Count, top);
    }

    /// <summary>A word: letters and digits, with apostrophes and hyphens inside (don't, well-known).</summary>
    [GeneratedRegex(@"[\p{L}\p{N}]+(?:['\-’][\p{L}\p{N}]+)*")]
    private static partial Regex Word();
}
