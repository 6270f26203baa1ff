using System.Net;
using System.Text.RegularExpressions;
using JobQueue.Tests.Infrastructure;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace JobQueue.Tests.Integration;

/// <summary>
/// <c>/openapi/v1.json</c> is a valid OpenAPI document describing every REST endpoint the README's API table lists (and
/// nothing it does not), with request bodies, answers and problem-details errors; it and the reference page are for
/// signed-in users.
/// </summary>
[Collection(SystemTests.Name)]
public partial class OpenApiTests(JobQueueSystem system)
{
    [Fact]
    public async Task OpenApiDocument_IsValid_AndDescribesEveryEndpointOfTheReadme()
    {
        using var anonymous = new HttpClient { BaseAddress = system.DashboardUrl };
        (await anonymous.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        using var user = await system.NewUserAsync();
        using var response = await user.Http.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var body = await response.Content.ReadAsStreamAsync();
        var read = await OpenApiDocument.LoadAsync(body, OpenApiConstants.Json, new OpenApiReaderSettings());
        read.Diagnostic!.Errors.ShouldBeEmpty(string.Join("; ", read.Diagnostic.Errors.Select(e => $"{e.Pointer}: {e.Message}")));
        var document = read.Document!;
        document.Info.Title.ShouldBe("JobQueue API");

        var described = document.Paths.SelectMany(path => path.Value.Operations!.Select(op => $"{op.Key.Method.ToUpperInvariant()} {path.Key}")).ToHashSet();
        var listed = ReadmeEndpoints();
        listed.Count.ShouldBeGreaterThan(40);
        listed.Except(described).ShouldBeEmpty("in the README's API table but not in /openapi/v1.json");
        described.Except(listed).ShouldBeEmpty("in /openapi/v1.json but not in the README's API table");

        var operations = document.Paths.SelectMany(path => path.Value.Operations!.Select(op => (Name: $"{op.Key} {path.Key}", Operation: op.Value))).ToList();
        operations.Where(o => o.Operation.Responses?.GetValueOrDefault("default")?.Content?.ContainsKey("application/problem+json") != true)
            .Select(o => o.Name).ShouldBeEmpty("operations without their problem-details errors");
        operations.Where(o => o.Operation.Responses?.Keys.Any(status => status.StartsWith('2')) != true)
            .Select(o => o.Name).ShouldBeEmpty("operations without their answer");

        // The submit: its body and its answer, with the job's fields.
        var submit = document.Paths["/api/jobs"].Operations![HttpMethod.Post];
        var submitSchema = submit.RequestBody!.Content!["application/json"].Schema!;
        submitSchema.Properties!.Keys.ShouldContain("type");
        submitSchema.Properties!.Keys.ShouldContain("payload");
        var created = submit.Responses!["201"].Content!["application/json"].Schema!;
        created.Properties!.Keys.ShouldContain("status");
        // A validation failure is documented with its field errors.
        submit.Responses!.ShouldContainKey("400");
        document.Paths["/api/queues"].Operations![HttpMethod.Post].RequestBody.ShouldNotBeNull();
    }

    [Fact]
    public async Task ApiReferencePage_ForASignedInUser_IsServedHere_AndStrangersAreSentToSignIn()
    {
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = system.DashboardUrl };
        using var refused = await anonymous.GetAsync(new Uri("/api-docs/index.html", UriKind.Relative));
        refused.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        refused.Headers.Location!.ToString().ShouldContain("/Account/Login");

        using var user = await system.NewUserAsync();
        var page = await user.Http.GetStringAsync(new Uri("/api-docs/index.html", UriKind.Relative));
        page.ShouldContain("swagger-ui");
        // Its scripts come from this dashboard (the content security policy allows no other, and no inline script).
        ScriptSource().Matches(page).Select(m => m.Groups[1].Value).ShouldAllBe(src => !src.Contains("//", StringComparison.Ordinal));
        (await user.Http.GetAsync(new Uri("/api-docs/index.js", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    /// <summary>
    /// Every <c>`METHOD /api/...`</c> of the README's API table, and the short forms that follow one in its row
    /// (<c>`/resume`</c> after <c>`POST /api/workers/{id}/pause`</c>), without their query strings.
    /// </summary>
    private static HashSet<string> ReadmeEndpoints()
    {
        var endpoints = new HashSet<string>();
        foreach (var row in File.ReadLines(Path.Combine(TestPaths.RepositoryRoot, "README.md")).Where(l => l.StartsWith("| `", StringComparison.Ordinal)))
        {
            var cell = row.Split(" | ")[0];
            string? method = null, last = null;
            foreach (Match token in Endpoint().Matches(cell))
            {
                if (token.Groups["method"].Success)
                {
                    method = token.Groups["method"].Value;
                    last = token.Groups["path"].Value.Split('?')[0];
                }
                else if (last is not null)
                {
                    last = last[..last.LastIndexOf('/')] + token.Groups["short"].Value;
                }
                else
                {
                    continue;
                }
                if (last.StartsWith("/api/", StringComparison.Ordinal))
                    endpoints.Add($"{method} {last}");
            }
        }
        return endpoints;
    }

    [GeneratedRegex(@"`(?:(?<method>GET|POST|PUT|DELETE|PATCH) (?<path>/[^` ]*)|(?<short>/[a-z-]+))`")]
    private static partial Regex Endpoint();

    [GeneratedRegex("<script[^>]*src=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();
}
