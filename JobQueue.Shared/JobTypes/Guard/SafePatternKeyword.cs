using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Json.Schema;

namespace JobQueue.Shared.JobTypes.Guard;

/// <summary>
/// <c>pattern</c>, in place of JsonSchema.Net's own (a backtracking regular expression with a 5-second timeout): the
/// pattern compiled by <see cref="SafePattern"/> (non-backtracking, linear). <see cref="PayloadSchema"/> registers it
/// before it reads any schema.
/// </summary>
[SchemaKeyword(Name)]
[SchemaSpecVersion(SpecVersion.Draft6)]
[SchemaSpecVersion(SpecVersion.Draft7)]
[SchemaSpecVersion(SpecVersion.Draft201909)]
[SchemaSpecVersion(SpecVersion.Draft202012)]
[Vocabulary(Vocabularies.Validation201909Id)]
[Vocabulary(Vocabularies.Validation202012Id)]
[JsonConverter(typeof(SafePatternKeywordConverter))]
public sealed class SafePatternKeyword : IJsonSchemaKeyword
{
    public const string Name = "pattern";

    private readonly Regex? _regex;

    public SafePatternKeyword(string pattern)
    {
        Pattern = pattern;
        // A pattern SchemaGuard would refuse never gets here from a catalog; one that does fails every string.
        _regex = SafePattern.Compile(pattern, out _);
    }

    public string Pattern { get; }

    public KeywordConstraint GetConstraint(SchemaConstraint schemaConstraint, ReadOnlySpan<KeywordConstraint> localConstraints, EvaluationContext context) =>
        new(Name, Evaluate);

    private void Evaluate(KeywordEvaluation evaluation, EvaluationContext context)
    {
        if (evaluation.LocalInstance is not JsonValue value || !value.TryGetValue<string>(out var text))
        {
            evaluation.MarkAsSkipped();
            return;
        }
        if (_regex?.IsMatch(text) != true)
            evaluation.Results.Fail(Name, $"The text does not match the pattern {Pattern}");
    }
}
