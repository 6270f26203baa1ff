using System.ComponentModel.DataAnnotations;

namespace JobQueue.Dashboard.Identity;

public sealed class AdminSeedOptions
{
    public const string Section = "Admin";

    [EmailAddress]
    public string Email { get; set; } = "admin@localhost";

    /// <summary>Null means: generate one and print it once.</summary>
    public string? Password { get; set; }
}
