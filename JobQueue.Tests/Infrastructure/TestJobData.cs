using JobQueue.Dashboard.Encryption;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace JobQueue.Tests.Infrastructure;

/// <summary>A <see cref="JobDataProtector"/> over keys that live only in memory, for tests that build stores and services by hand.</summary>
public static class TestJobData
{
    public static JobDataProtector Protector(bool encryptAtRest = true, IDataProtectionProvider? provider = null) =>
        new(provider ?? new EphemeralDataProtectionProvider(), Options.Create(new EncryptionOptions { EncryptAtRest = encryptAtRest }),
            NullLogger<JobDataProtector>.Instance);
}
