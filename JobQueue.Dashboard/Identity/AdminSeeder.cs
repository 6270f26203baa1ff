using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace JobQueue.Dashboard.Identity;

public static class AdminSeeder
{
    public const string EmailVariable = "JOBQUEUE_ADMIN_EMAIL";
    public const string PasswordVariable = "JOBQUEUE_ADMIN_PASSWORD";

    /// <summary>Creates the roles, and on a first start with no users the admin, from JOBQUEUE_ADMIN_EMAIL/_PASSWORD.</summary>
    public static async Task SeedJobQueueIdentityAsync(this IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
                Check(await roles.CreateAsync(new IdentityRole(role)), $"create role {role}");
        }

        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        if (await users.Users.AnyAsync())
            return;

        var options = scope.ServiceProvider.GetRequiredService<IOptions<AdminSeedOptions>>().Value;
        var email = Environment.GetEnvironmentVariable(EmailVariable) is { Length: > 0 } e ? e : options.Email;
        var password = Environment.GetEnvironmentVariable(PasswordVariable) is { Length: > 0 } p ? p : options.Password;
        var generated = string.IsNullOrEmpty(password);
        if (generated)
            password = GeneratePassword();

        var outcome = await scope.ServiceProvider.GetRequiredService<UserAdministration>()
            .CreateAsync(new CreateUserRequest(email, password, Roles.Admin));
        if (outcome is UserChange.Invalid { Errors: var errors })
            throw new InvalidOperationException($"Could not create the admin {email}: {string.Join(" ", errors.SelectMany(e => e.Value))}");

        // Printed once, on the console only: this is how the first admin learns the password.
        Console.WriteLine(generated
            ? $"JobQueue: created admin {email} with password {password} (shown once; set {PasswordVariable} to choose it)"
            : $"JobQueue: created admin {email} with the password from {PasswordVariable}");
    }

    private static string GeneratePassword() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', 'x').Replace('/', 'y') + "9a";

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Could not {what}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
    }
}

public sealed class AdminSeedOptions
{
    public const string Section = "Admin";

    [EmailAddress]
    public string Email { get; set; } = "admin@localhost";

    /// <summary>Null means: generate one and print it once.</summary>
    public string? Password { get; set; }
}
