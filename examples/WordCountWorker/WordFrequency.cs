namespace WordCountWorker;

public sealed record WordFrequency(string Word, int Count);
