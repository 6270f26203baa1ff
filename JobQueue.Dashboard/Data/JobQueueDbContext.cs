using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace JobQueue.Dashboard.Data;

/// <summary>
/// The dashboard's database: the Identity users and roles, the data-protection keys every dashboard instance shares,
/// and each feature's tables, which the feature configures and names itself. Each database provider has its own
/// subclass, so each has its own migrations set (Data/Migrations/Sqlite, /SqlServer, /Postgres); code uses this base type.
/// </summary>
public abstract class JobQueueDbContext(DbContextOptions options) : IdentityDbContext<IdentityUser>(options), IDataProtectionKeyContext
{
    /// <summary>The keys that protect cookies and antiforgery tokens, shared by every dashboard instance on this database.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // Each feature says how its entities are stored, next to them (an IEntityTypeConfiguration each), and reaches its
        // tables through its own extension properties (JobTables.Jobs, ...): this context names no feature.
        builder.ApplyConfigurationsFromAssembly(typeof(JobQueueDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every time is UTC; SQLite hands DateTime back with an unspecified kind, so say so on the way out.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcConverter>();
    }

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
