using JobQueue.Dashboard.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;

namespace JobQueue.Dashboard.ApiDocs;

/// <summary>
/// The REST API described: <c>/openapi/v1.json</c> (OpenAPI 3.1, from the endpoints' own typed results and
/// <c>ReadsJson</c>), and the API reference page <c>/api-docs</c> (Swagger UI, served from this dashboard: no CDN, no
/// inline script), both for signed-in users. Only <c>/api/...</c> is described; pages, account forms, the hub, health
/// and metrics are not REST resources.
/// </summary>
public static class ApiDocsExtensions
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePath = "/api-docs";
    private const string BearerScheme = "Bearer";

    public static IHostApplicationBuilder AddApiDocs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(o =>
        {
            o.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "JobQueue API",
                    Version = "v1",
                    Description = "Submit, cancel and watch jobs; administer queues, workers, users and wall keys. Sign in with "
                        + "POST /api/auth/login and send the access token as 'Authorization: Bearer <token>' (pages use the cookie). "
                        + "Live changes are pushed on the SignalR hub /hubs/jobs. Every error answers RFC 9457 problem details.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "The access token of POST /api/auth/login (or /api/auth/refresh).",
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
                return Task.CompletedTask;
            });
            o.AddOperationTransformer(async (operation, context, cancellationToken) =>
            {
                // The body an endpoint reads itself (JsonBody.ReadAsync), as it declared it with ReadsJson<T>().
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<JsonBodyDescription>().FirstOrDefault() is { } body)
                {
                    operation.RequestBody = new OpenApiRequestBody
                    {
                        Required = true,
                        Content = new Dictionary<string, OpenApiMediaType>
                        {
                            ["application/json"] = new OpenApiMediaType { Schema = await context.GetOrCreateSchemaAsync(body.Type, null, cancellationToken) },
                        },
                    };
                }

                // Errors are problem details whatever their status (typed results, and status code pages for the rest).
                operation.Responses ??= [];
                if (operation.Responses.ContainsKey("default"))
                    return;
                var schema = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, cancellationToken);
                operation.Responses["default"] = new OpenApiResponse
                {
                    Description = "An error: RFC 9457 problem details saying what was wrong.",
                    Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new OpenApiMediaType { Schema = schema } },
                };
            });
        });
        return builder;
    }

    public static WebApplication MapApiDocs(this WebApplication app)
    {
        app.MapOpenApi(DocumentPath).RequireAuthorization();
        // The page's own files are static; a visitor who is not signed in is sent to sign in first.
        app.UseWhen(context => context.Request.Path.StartsWithSegments(ReferencePath), page => page.Use(async (context, next) =>
        {
            if (context.User.Identity?.IsAuthenticated != true)
            {
                await context.ChallengeAsync();
                return;
            }
            await next(context);
        }));
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = ReferencePath.TrimStart('/');
            o.SwaggerEndpoint(DocumentPath, "JobQueue API v1");
            o.DocumentTitle = "JobQueue API";
        });
        return app;
    }
}
