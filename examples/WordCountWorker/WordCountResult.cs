namespace WordCountWorker;

/// <summary>A word_count job's result, shown as its JSON: <c>{"words": 9, "distinctWords": 7, "top": [{"word": "the", "count": 2}]}</c>.</summary>
public sealed record WordCountResult(int Words, int DistinctWords, IReadOnlyList<WordFrequency> Top);
