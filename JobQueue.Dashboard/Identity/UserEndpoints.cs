using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace JobQueue.Dashboard.Identity;

public sealed record CreateUserRequest(string? Email, string? Password, string? Role);

public sealed record UserDto(string Id, string Email, IReadOnlyList<string> Roles);

/// <summary>Admin-only user management for scripts: the same things the Users page does.</summary>
public static class UserEndpoints
{
    public static IEndpointRouteBuilder MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/users").RequireAuthorization(Roles.Admin).WithTags("Users");
        users.MapPost("/", CreateAsync);
        users.MapGet("/", ListAsync);
        return app;
    }

    private static async Task<Results<Created<UserDto>, ValidationProblem>> CreateAsync(
        CreateUserRequest request, UserManager<IdentityUser> users)
    {
        var role = string.IsNullOrEmpty(request.Role) ? Roles.User : request.Role;
        if (!Roles.All.Contains(role))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["role"] = [$"The role must be one of {string.Join(", ", Roles.All)}."] });
        if (string.IsNullOrWhiteSpace(request.Email) || string.IsNullOrEmpty(request.Password))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["email"] = ["Both email and password are required."] });

        var user = new IdentityUser { UserName = request.Email, Email = request.Email, EmailConfirmed = true };
        var created = await users.CreateAsync(user, request.Password);
        if (!created.Succeeded)
            return TypedResults.ValidationProblem(created.Errors.GroupBy(e => e.Code.Contains("Password", StringComparison.Ordinal) ? "password" : "email")
                .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray()));
        var roles = role == Roles.Admin ? Roles.All : [Roles.User];
        await users.AddToRolesAsync(user, roles);
        return TypedResults.Created($"/api/users/{user.Id}", new UserDto(user.Id, user.Email!, roles));
    }

    private static async Task<Ok<List<UserDto>>> ListAsync(UserManager<IdentityUser> users)
    {
        var list = new List<UserDto>();
        foreach (var user in await users.Users.OrderBy(u => u.Email).ToListAsync())
            list.Add(new UserDto(user.Id, user.Email ?? user.UserName ?? "", [.. await users.GetRolesAsync(user)]));
        return TypedResults.Ok(list);
    }
}
