using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace JobQueue.Dashboard.Api;

/// <summary>
/// Reads a request's JSON body, and turns every way it can be wrong into a 400 (413 for a body too large) that says
/// what was wrong: not JSON, not UTF-8, text that is not valid Unicode (an unpaired surrogate escape), a field the
/// endpoint does not know, a value of the wrong kind. Every endpoint that takes a body reads it here.
/// </summary>
public static class JsonBody
{
    /// <summary>The most an anonymous caller (a sign-in) may send.</summary>
    public const int AnonymousMaxBytes = 4 * 1024;

    /// <summary>The most an admin's small command (a user, a role, a key name) may send.</summary>
    public const int CommandMaxBytes = 16 * 1024;

    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength > maxBytes)
            return (null, TooLarge($"The request body is {request.ContentLength} bytes; at most {Size(maxBytes)} are accepted."));
        if (!request.HasJsonContentType())
            return (null, BadRequest("The request body must be JSON (Content-Type: application/json)."));

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
                return (null, TooLarge($"The request body is larger than {Size(maxBytes)}."));
            buffer.Write(chunk, 0, read);
        }
        var body = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (!Utf8.IsValid(body))
            return (null, BadRequest("The request body is not valid UTF-8."));
        if (UnpairedSurrogate(body) is { } where)
            return (null, BadRequest($"The request body has text that is not valid Unicode at {where} (an unpaired surrogate such as \\ud800)."));

        var options = request.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            var value = JsonSerializer.Deserialize<T>(body, options);
            return value is null ? (null, BadRequest("The request body is empty or JSON null.")) : (value, null);
        }
        catch (JsonException ex) when (ex.Message.Contains("could not be mapped", StringComparison.Ordinal) && ex.Path is { Length: > 2 } path)
        {
            var field = path[2..];
            return (null, TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]>
            {
                [field] = [$"There is no field '{field}' here; leave it out (nothing it asks for would happen)."],
            })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request body has a field this endpoint does not know.",
                Detail = $"Unknown field '{field}'.",
            }));
        }
        catch (JsonException ex)
        {
            return (null, BadRequest($"The request body is not valid JSON for this endpoint: {ex.Message}"));
        }
    }

    /// <returns>The JSON path of the first string with an unpaired surrogate escape, or null when there is none.</returns>
    private static string? UnpairedSurrogate(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                    _ = reader.GetString();
            }
        }
        catch (InvalidOperationException)
        {
            return $"byte {reader.TokenStartIndex}";
        }
        catch (JsonException)
        {
            // Not JSON at all: the deserializer says so, with the place.
        }
        return null;
    }

    private static string Size(int bytes) => bytes >= 1024 * 1024 ? $"{bytes} bytes ({bytes / (1024 * 1024)} MiB)" : $"{bytes} bytes ({bytes / 1024} KiB)";

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "The request body was not accepted.");

    private static ProblemHttpResult TooLarge(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status413PayloadTooLarge, title: "The request body is too large.");
}
