using JobQueue.Dashboard.Api;
using UserAnswer = Microsoft.AspNetCore.Http.HttpResults.Results<
    Microsoft.AspNetCore.Http.HttpResults.Created<JobQueue.Dashboard.Identity.UserDto>,
    Microsoft.AspNetCore.Http.HttpResults.Ok<JobQueue.Dashboard.Identity.UserDto>,
    Microsoft.AspNetCore.Http.HttpResults.ValidationProblem,
    Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult>;

namespace JobQueue.Dashboard.Identity;

/// <summary>Admin-only user management for scripts: the same things the Users page does.</summary>
public static class UserEndpoints
{
    public static IEndpointRouteBuilder MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/users").RequireAuthorization(Roles.Admin).WithTags("Users");
        users.MapGet("/", async (UserAdministration admin) => TypedResults.Ok(await admin.ListAsync()));
        users.MapPost("/", async Task<UserAnswer> (HttpContext context, UserAdministration admin) =>
        {
            var (request, problem) = await JsonBody.ReadAsync<CreateUserRequest>(context.Request, JsonBody.CommandMaxBytes, context.RequestAborted);
            return problem is not null ? problem : Answer(await admin.CreateAsync(request!, context.Actor()), created: true);
        }).ReadsJson<CreateUserRequest>();
        users.MapPut("/{id}/role", async Task<UserAnswer> (string id, UserAdministration admin, HttpContext context) =>
        {
            var (request, problem) = await JsonBody.ReadAsync<SetRoleRequest>(context.Request, JsonBody.CommandMaxBytes, context.RequestAborted);
            return problem is not null ? problem : Answer(await admin.SetRoleAsync(id, request!.Role ?? "", context.Actor()));
        }).ReadsJson<SetRoleRequest>();
        users.MapPost("/{id}/disable", async (string id, UserAdministration admin, HttpContext context) =>
            Answer(await admin.SetDisabledAsync(id, true, context.Actor())));
        users.MapPost("/{id}/enable", async (string id, UserAdministration admin, HttpContext context) =>
            Answer(await admin.SetDisabledAsync(id, false, context.Actor())));
        return app;
    }

    private static UserAnswer Answer(UserChange change, bool created = false) =>
        change switch
        {
            UserChange.Done { User: var user } when created => TypedResults.Created($"/api/users/{user.Id}", user),
            UserChange.Done { User: var user } => TypedResults.Ok(user),
            UserChange.Invalid { Errors: var errors } => TypedResults.ValidationProblem(errors),
            _ => TypedResults.Problem("There is no such user.", statusCode: StatusCodes.Status404NotFound, title: "User not found."),
        };
}
