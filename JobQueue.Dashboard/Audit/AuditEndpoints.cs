using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JobQueue.Dashboard.Audit;

public static class AuditEndpoints
{
    private const int MaxPageSize = 500;

    /// <summary><c>GET /api/audit?action=&amp;actor=&amp;target=&amp;from=&amp;to=&amp;page=&amp;pageSize=</c>, for the callers <paramref name="adminPolicy"/> admits.</summary>
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app, string adminPolicy)
    {
        app.MapGet("/api/audit", ListAsync).RequireAuthorization(adminPolicy).WithTags("Audit");
        return app;
    }

    private static async Task<Results<Ok<AuditPage>, ValidationProblem>> ListAsync(AuditLog audit, string? action, string? actor, string? target,
        string? from, string? to, string? page, string? pageSize, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (action is { Length: > 0 } && !AuditActions.All.Contains(action))
            errors["action"] = [$"Unknown action '{action}'; one of {string.Join(", ", AuditActions.All)}."];
        var since = Time(from, "from", errors);
        var until = Time(to, "to", errors);
        var number = Number(page, "page", 1, int.MaxValue, errors);
        var size = Number(pageSize, "pageSize", 1, MaxPageSize, errors);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The audit trail cannot be read so.");
        return TypedResults.Ok(await audit.ListAsync(new AuditFilter(action, actor, target, since, until, number ?? 1, size ?? 50), cancellationToken));
    }

    private static DateTime? Time(string? text, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(text))
            return null;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            return at.UtcDateTime;
        errors[name] = [$"{name} must be a time such as 2026-12-01T12:00:00Z, not '{(text.Length > 40 ? text[..40] + "…" : text)}'."];
        return null;
    }

    private static int? Number(string? text, string name, int min, int max, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(text))
            return null;
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            return value;
        errors[name] = [$"{name} must be a whole number from {min} to {max}."];
        return null;
    }
}
