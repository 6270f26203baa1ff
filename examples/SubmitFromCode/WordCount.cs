namespace SubmitFromCode;

/// <summary>The payload of a word_count job, as this program sends it (the worker's own record need not be shared: the JSON is the contract).</summary>
public sealed record WordCount(string Text, int Top = 5);
