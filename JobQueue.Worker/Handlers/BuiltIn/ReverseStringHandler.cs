using System.Globalization;

namespace JobQueue.Worker.Handlers.BuiltIn;

[JobType(JobTypeNames.ReverseString, Description = "Reverses a text (whole characters, so accents and emoji survive)", TimeoutSeconds = 30)]
public sealed class ReverseStringHandler : TextJobHandler
{
    /// <summary>Reverses whole text elements, so accented letters, surrogate pairs and emoji stay intact.</summary>
    protected override string Transform(string text)
    {
        var elements = StringInfo.GetTextElementEnumerator(text);
        var parts = new List<string>(text.Length);
        while (elements.MoveNext())
            parts.Add(elements.GetTextElement());
        parts.Reverse();
        return string.Concat(parts);
    }
}
