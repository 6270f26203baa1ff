using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace JobQueue.Client;

public static class JobQueueClientExtensions
{
    /// <summary>
    /// Registers <see cref="IJobQueueClient"/>: calls to the dashboard at <paramref name="dashboard"/> signed in as
    /// <paramref name="credentials"/> (the token refreshed before it expires), through <see cref="IHttpClientFactory"/>
    /// with the standard resilience handler (transient failures, 429 and 503 tried again after their Retry-After; a
    /// submit keeps its Idempotency-Key across them, so it makes its jobs once).
    /// </summary>
    /// <returns>The client's <see cref="IHttpClientBuilder"/>, for more handlers of your own.</returns>
    public static IHttpClientBuilder AddJobQueueClient(this IServiceCollection services, Uri dashboard, JobQueueCredentials credentials) =>
        services.AddJobQueueClient(o =>
        {
            o.BaseAddress = dashboard;
            o.Email = credentials.Email;
            o.Password = credentials.Password;
        });

    /// <inheritdoc cref="AddJobQueueClient(IServiceCollection, Uri, JobQueueCredentials)"/>
    public static IHttpClientBuilder AddJobQueueClient(this IServiceCollection services, Action<JobQueueClientOptions> configure)
    {
        var options = new JobQueueClientOptions();
        configure(options);
        if (options.BaseAddress is null || string.IsNullOrEmpty(options.Email) || options.Password is null)
            throw new ArgumentException("The JobQueue client needs the dashboard's address and the credentials to sign in with.", nameof(configure));
        // The base address ends with '/', so that the API's relative paths go under it.
        var baseAddress = options.BaseAddress.AbsoluteUri.EndsWith('/') ? options.BaseAddress : new Uri(options.BaseAddress.AbsoluteUri + "/");
        services.Configure<JobQueueClientOptions>(o =>
        {
            configure(o);
            o.BaseAddress = baseAddress;
        });
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<JobQueueTokens>();
        services.TryAddSingleton<JobQueueHub>();
        services.TryAddTransient<AuthenticatingHandler>();
        services.AddHttpClient(JobQueueTokens.HttpClientName, c => c.BaseAddress = baseAddress);
        var client = services.AddHttpClient<IJobQueueClient, JobQueueClient>(c =>
        {
            c.BaseAddress = baseAddress;
            c.Timeout = Timeout.InfiniteTimeSpan;
        });
        client.AddStandardResilienceHandler(o =>
        {
            o.TotalRequestTimeout.Timeout = options.Timeout;
            o.AttemptTimeout.Timeout = options.Timeout / 3;
            o.CircuitBreaker.SamplingDuration = options.Timeout / 3 * 2;
        });
        client.AddHttpMessageHandler<AuthenticatingHandler>();
        return client;
    }
}
