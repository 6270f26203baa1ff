using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace JobQueue.Dashboard.Identity;

public static class AdminSeeder
{
    public const string EmailVariable = "JOBQUEUE_ADMIN_EMAIL";
    public const string PasswordVariable = "JOBQUEUE_ADMIN_PASSWORD";

    /// <summary>
    /// Creates the roles, and on a first start with no users the admin, from JOBQUEUE_ADMIN_EMAIL/_PASSWORD. Several
    /// instances starting together on a fresh database may race here: a role or the admin another instance created at
    /// the same moment is taken as created, and only the instance whose admin was stored prints its password.
    /// </summary>
    public static async Task SeedJobQueueIdentityAsync(this IServiceProvider services)
    {
        foreach (var role in Roles.All)
            await EnsureRoleAsync(services, role);
        if (await AnyUserAsync(services))
            return;

        await using var scope = services.CreateAsyncScope();
        var options = scope.ServiceProvider.GetRequiredService<IOptions<AdminSeedOptions>>().Value;
        var email = Environment.GetEnvironmentVariable(EmailVariable) is { Length: > 0 } e ? e : options.Email;
        var password = Environment.GetEnvironmentVariable(PasswordVariable) is { Length: > 0 } p ? p : options.Password;
        var generated = string.IsNullOrEmpty(password);
        if (generated)
            password = GeneratePassword();

        UserChange outcome;
        try
        {
            outcome = await scope.ServiceProvider.GetRequiredService<UserAdministration>()
                .CreateAsync(new CreateUserRequest(email, password, Roles.Admin), Audit.Actor.System);
        }
        catch (DbUpdateException)
        {
            if (await AnyUserAsync(services))
                return; // Another instance stored its admin a moment before this one.
            throw;
        }
        if (outcome is UserChange.Invalid { Errors: var errors })
        {
            if (await AnyUserAsync(services))
                return; // Another instance's admin took the email first.
            throw new InvalidOperationException($"Could not create the admin {email}: {string.Join(" ", errors.SelectMany(e => e.Value))}");
        }

        // Printed once, on the console only: this is how the first admin learns the password.
        Console.WriteLine(generated
            ? $"JobQueue: created admin {email} with password {password} (shown once; set {PasswordVariable} to choose it)"
            : $"JobQueue: created admin {email} with the password from {PasswordVariable}");
    }

    private static async Task EnsureRoleAsync(IServiceProvider services, string role)
    {
        await using (var scope = services.CreateAsyncScope())
        {
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            if (await roles.RoleExistsAsync(role))
                return;
            try
            {
                Check(await roles.CreateAsync(new IdentityRole(role)), $"create role {role}");
                return;
            }
            catch (DbUpdateException)
            {
                // Another instance may have created it at the same moment: asked below, on a fresh context.
            }
        }
        await using var again = services.CreateAsyncScope();
        if (!await again.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>().RoleExistsAsync(role))
            throw new InvalidOperationException($"Could not create role {role}, and no other instance did.");
    }

    private static async Task<bool> AnyUserAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>().Users.AnyAsync();
    }

    private static string GeneratePassword() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', 'x').Replace('/', 'y') + "9a";

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Could not {what}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
    }
}
