using Microsoft.AspNetCore.Components.Server.Circuits;

namespace JobQueue.Dashboard.Audit;

public static class AuditExtensions
{
    /// <summary>The audit trail: <see cref="AuditLog"/>, the circuits' addresses, <c>/admin/audit</c> and <c>GET /api/audit</c>.</summary>
    public static IHostApplicationBuilder AddAuditTrail(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<CircuitOrigin>();
        builder.Services.AddScoped<CircuitHandler>(sp => sp.GetRequiredService<CircuitOrigin>());
        return builder;
    }
}
