using Microsoft.Extensions.Options;

namespace JobQueue.Dashboard.Encryption;

/// <summary>Says at start that the key ring is stored as it is: encryption at rest then keeps job data from a copy of the job tables, not from a copy of the whole database.</summary>
public sealed class UnprotectedKeyRingWarning(IOptions<EncryptionOptions> options, ILogger<UnprotectedKeyRingWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.EncryptAtRest)
            logger.LogWarning("Job data is encrypted at rest, but DataProtection:CertificatePath is not set: the keys are stored unprotected in the "
                + "database, so anyone with the whole database can read the jobs. Set a certificate (README, \"Encryption at rest\")");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
