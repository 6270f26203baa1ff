using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace WordCountWorker;

/// <summary>What a word_count job counts. Its annotations are the type's rules: the dashboard checks every submit against them, and builds its form from them.</summary>
[Description("A text whose words are counted")]
public sealed record WordCountPayload(
    [property: StringLength(WordCountPayload.MaxTextLength, MinimumLength = 1), Description("the text to count the words of")] string Text,
    [property: Range(1, 50), Display(Name = "Shortest word", Description = "shorter words are not counted")] int MinLength = 1,
    [property: Range(1, 100), Display(Name = "Top words", Description = "the most frequent words listed")] int Top = 10,
    [property: Display(Name = "Case-sensitive", Description = "\"The\" and \"the\" are two words")] bool CaseSensitive = false)
{
    public const int MaxTextLength = 50_000;
}
