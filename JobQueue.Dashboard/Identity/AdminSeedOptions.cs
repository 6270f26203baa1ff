using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace JobQueue.Dashboard.Identity;

public sealed class AdminSeedOptions
{
    public const string Section = "Admin";

    [EmailAddress]
    public string Email { get; set; } = "admin@localhost";

    /// <summary>Null means: generate one and print it once.</summary>
    public string? Password { get; set; }
}
