using System.Diagnostics;
using System.Text.Json;
using JobQueue.Shared.JobTypes;
using JobQueue.Tests.Infrastructure;

namespace JobQueue.Tests.Unit;

/// <summary>
/// An advertised schema is data from outside (a worker key is enough to send one): the schemas and payloads that ended
/// the dashboard or stalled a submit are refused, and generated hostile ones are answered in bounded time.
/// </summary>
public class SchemaGuardTests
{
    private static PayloadSchema? Create(string schema, out string? error) => PayloadSchema.TryCreate(JsonDocument.Parse(schema).RootElement, out error);

    private static PayloadSchema Accepted(string schema) => Create(schema, out var error) ?? throw new ShouldAssertException($"refused: {error}");

    private static IReadOnlyList<PayloadError> Check(PayloadSchema schema, string payload) => schema.Validate(JsonDocument.Parse(payload).RootElement);

    [Theory]
    [InlineData("""{"$ref":"#"}""", "recursive")]
    [InlineData("""{"if":{"type":"object"},"then":{"$ref":"#"}}""", "recursive")]
    [InlineData("""{"type":"object","properties":{"child":{"$ref":"#"}}}""", "recursive")]
    [InlineData("""{"$defs":{"a":{"$ref":"#/$defs/b"},"b":{"$ref":"#/$defs/a"}},"$ref":"#/$defs/a"}""", "recursive")]
    [InlineData("""{"$ref":"https://evil.example/schema.json"}""", "refers into this schema only")]
    [InlineData("""{"$ref":"#/$defs/missing"}""", "does not lead to a subschema")]
    [InlineData("""{"enum":[{"type":"string"}],"$ref":"#/enum/0"}""", "does not lead to a subschema")]
    [InlineData("""{"$dynamicRef":"#"}""", "'$dynamicRef' at the root is not a keyword JobQueue takes")]
    [InlineData("""{"properties":{"a":{"unevaluatedProperties":false}}}""", "'unevaluatedProperties' at /properties/a is not a keyword")]
    [InlineData("""{"type":"string","pattern":"(a)\\1"}""", "backreference")]
    [InlineData("""{"type":"string","pattern":"(?=a)b"}""", "lookahead")]
    [InlineData("""{"type":"string","pattern":"(((a{100}){100}){100})"}""", "non-backtracking")]
    [InlineData("""{"type":"string","pattern":"(unclosed"}""", "not a regular expression")]
    [InlineData("""{"type":"string","format":"my-own-format"}""", "format at the root is one of")]
    [InlineData("""{"type":"strange"}""", "type at the root is one or more of")]
    [InlineData("""{"$schema":"https://evil.example/meta"}""", "$schema names a draft")]
    public void TryCreate_AHostileSchema_IsRefusedSayingWhy(string schema, string why)
    {
        Create(schema, out var error).ShouldBeNull();
        error.ShouldNotBeNull().ShouldContain(why);
    }

    [Fact]
    public void TryCreate_TooDeepOrTooLarge_IsRefusedBeforeItIsRead()
    {
        var deep = string.Concat(Enumerable.Repeat("""{"not":""", 40)) + "{}" + new string('}', 40);
        Create(deep, out var error).ShouldBeNull();
        error.ShouldNotBeNull().ShouldContain("levels deep");

        var wide = """{"anyOf":[""" + string.Join(",", Enumerable.Repeat("{}", SchemaLimits.MaxSubschemas + 1)) + "]}";
        Create(wide, out error).ShouldBeNull();
        error.ShouldNotBeNull().ShouldContain($"more than {SchemaLimits.MaxSubschemas} subschemas");

        var huge = $$"""{"description":"{{new string('x', JobLimits.MaxSchemaBytes)}}"}""";
        Create(huge, out error).ShouldBeNull();
        error.ShouldNotBeNull().ShouldContain("larger than 64 KiB");

        // A chain of references, each to the next definition, deeper than an evaluation may recurse.
        var last = SchemaLimits.MaxEvaluationDepth + 5;
        var chain = string.Join(",", Enumerable.Range(0, last).Select(i => "\"d" + i + "\":{\"$ref\":\"#/$defs/d" + (i + 1) + "\"}"));
        Create("{\"$defs\":{" + chain + ",\"d" + last + "\":{}},\"$ref\":\"#/$defs/d0\"}", out error).ShouldBeNull();
        error.ShouldNotBeNull().ShouldContain("levels deep");
    }

    [Fact]
    public void TryCreate_WhatTheWorkerLibraryAndTeamsWrite_IsTaken()
    {
        Accepted("""{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":{"url":{"type":"string","format":"uri"},"tags":{"type":["array","null"],"items":{"type":"string","pattern":"^[a-z-]+$"},"uniqueItems":true}},"required":["url"],"additionalProperties":false}""");
        // A type used twice is written once and referred to (as System.Text.Json's exporter does), and shared definitions.
        Accepted("""{"type":"object","properties":{"from":{"type":"object","properties":{"x":{"type":"integer"}}},"to":{"$ref":"#/properties/from"}}}""");
        Accepted("""{"$defs":{"point":{"type":"object","properties":{"x":{"type":"number"}}}},"type":"array","items":{"$ref":"#/$defs/point"}}""");
        Accepted("""{"oneOf":[{"type":"string"},{"type":"integer","minimum":1}],"errorMessage":"a name or a positive number"}""");
        Accepted("true");
    }

    [Fact]
    public void Validate_ACatastrophicPattern_AnswersAtOnce()
    {
        // Linear time is the bound, not the clock: a 50 ms timeout fired on a busy machine and refused valid payloads.
        JobQueue.Shared.JobTypes.Guard.SafePattern.Compile("\\S", out _).ShouldNotBeNull().MatchTimeout.ShouldBe(System.Text.RegularExpressions.Regex.InfiniteMatchTimeout);
        // ^(a+)+$ took 4.3 s of backtracking over 27 characters: the non-backtracking engine is linear.
        foreach (var pattern in new[] { "^(a+)+$", "^([a-z]+\\s?)+$", "^(a|aa)+$", "^(.*a){20}$" })
        {
            var schema = Accepted($$"""{"type":"string","pattern":{{JsonSerializer.Serialize(pattern)}}}""");
            var clock = Stopwatch.StartNew();
            var errors = Check(schema, JsonSerializer.Serialize(new string('a', 26) + "!"));
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1), pattern);
            errors.ShouldHaveSingleItem().Message.ShouldContain("must match the pattern");
            Check(schema, "\"aaaa\"").Count.ShouldBe(pattern == "^(.*a){20}$" ? 1 : 0, pattern);
        }
    }

    [Theory]
    [InlineData("""{"type":"array","uniqueItems":true}""", 10_000)]
    [InlineData("""{"type":"array","items":{"anyOf":[ANY]}}""", 5_000)]
    [InlineData("""{"type":"array","items":{"enum":[ENUM]}}""", 1_000)]
    public void Validate_APayloadTooCostlyToCheck_IsRefusedBeforeTheCheck(string schemaText, int items)
    {
        var anyOf = string.Join(",", Enumerable.Range(0, 300).Select(i => $$"""{"type":"integer","minimum":{{i}}}"""));
        var values = string.Join(",", Enumerable.Range(0, 1000).Select(i => $"\"v{i}\""));
        var schema = Accepted(schemaText.Replace("ANY", anyOf, StringComparison.Ordinal).Replace("ENUM", values, StringComparison.Ordinal));
        var payload = "[" + string.Join(",", Enumerable.Range(0, items).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";
        var clock = Stopwatch.StartNew();
        var errors = Check(schema, payload);
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1));
        errors.ShouldHaveSingleItem().ShouldBe(new PayloadError("", PayloadSchema.TooCostly));
        errors[0].Message.ShouldStartWith("The payload is too costly to check");
    }

    [Fact]
    public void Validate_ALargePayloadThatBreaksItsSchema_IsRefusedAsAWholeWithoutTheList()
    {
        var schema = Accepted("""{"type":"array","items":{"type":"object","properties":{"a":{"type":"integer","maximum":10}}}}""");
        var small = "[" + string.Join(",", Enumerable.Repeat("""{"a":20}""", 3)) + "]";
        Check(schema, small).Select(e => e.Path).ShouldBe(["[0].a", "[1].a", "[2].a"]);
        var large = "[" + string.Join(",", Enumerable.Repeat("""{"a":20}""", 2_000)) + "]";
        Check(schema, large).ShouldHaveSingleItem().Rule.ShouldBe(PayloadSchema.TooManyToList);
        Check(schema, "[" + string.Join(",", Enumerable.Repeat("""{"a":2}""", 2_000)) + "]").ShouldBeEmpty();
    }

    [Fact]
    public void Validate_AnEnumOfManyValues_NamesAFewOfThem()
    {
        var schema = Accepted("""{"enum":[""" + string.Join(",", Enumerable.Range(0, 500).Select(i => $"\"v{i}\"")) + "]}");
        var rule = Check(schema, "\"nope\"").ShouldHaveSingleItem().Rule;
        rule.ShouldStartWith("must be one of the 500 values the schema lists, such as \"v0\"");
        rule.Length.ShouldBeLessThan(400);
    }

    /// <summary>
    /// One schema checked from many threads at once, passing and failing payloads mixed (the dashboard's submits, a
    /// worker's concurrent jobs): each answer is the one it gets alone. JsonSchema.Net rebuilt its constraints when the
    /// pass/fail and the listing evaluations alternated, and a worker refused a valid payload.
    /// </summary>
    [Fact]
    public async Task Validate_FromManyThreadsAtOnce_AnswersAsAlone()
    {
        var schema = Accepted("""{"type":"object","if":{"properties":{"kind":{"const":"a"}}},"then":{"properties":{"n":{"type":"integer","maximum":5}}},"properties":{"name":{"type":"string","minLength":1,"maxLength":20},"tags":{"type":"array","items":{"type":"string"}}},"required":["name"]}""");
        var valid = JsonDocument.Parse("""{"kind":"a","n":3,"name":"ok","tags":["x","y"]}""").RootElement;
        var invalid = JsonDocument.Parse("""{"kind":"a","n":9,"name":"","tags":[1]}""").RootElement;
        var expected = schema.Validate(invalid).Select(e => e.Message).Order(StringComparer.Ordinal).ToList();
        expected.Count.ShouldBe(3);
        var wrong = 0;
        await Parallel.ForAsync(0, 4_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, (i, _) =>
        {
            var answer = schema.Validate(i % 2 == 0 ? valid : invalid).Select(e => e.Message).Order(StringComparer.Ordinal).ToList();
            if (i % 2 == 0 ? answer.Count != 0 : !answer.SequenceEqual(expected))
                Interlocked.Increment(ref wrong);
            return ValueTask.CompletedTask;
        });
        wrong.ShouldBe(0);
    }

    /// <summary>
    /// Hostile schemas and payloads made from a seed (recursion, deep nesting, huge enums, catastrophic patterns,
    /// multiplying combinators): every one is refused or checked, never thrown, each within a time bound.
    /// </summary>
    [Fact]
    public void Generated_HostileSchemasAndPayloads_AreAnsweredInBoundedTime()
    {
        var random = new Random(29);
        var (taken, refused) = (0, 0);
        for (var round = 0; round < 300; round++)
        {
            var schema = HostileJson.Schema(random);
            var payload = HostileJson.Payload(random);
            if (schema.Length > 1024 * 1024)
                continue; // larger than an advertisement may be
            var clock = Stopwatch.StartNew();
            var compiled = PayloadSchema.TryCreate(JsonDocument.Parse(schema, new JsonDocumentOptions { MaxDepth = 1000 }).RootElement, out var error);
            if (compiled is null)
            {
                error.ShouldNotBeNullOrWhiteSpace();
                refused++;
            }
            else
            {
                compiled.Validate(JsonDocument.Parse(payload).RootElement).ShouldNotBeNull();
                taken++;
            }
            var took = clock.Elapsed;
            took.ShouldBeLessThan(TimeSpan.FromSeconds(2), $"round {round}: {schema[..Math.Min(300, schema.Length)]}");
        }
        // Both sides were exercised: schemas refused, and schemas taken whose payloads were then checked.
        taken.ShouldBeGreaterThan(30);
        refused.ShouldBeGreaterThan(30);
    }
}
