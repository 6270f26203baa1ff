using JobQueue.Client;
using Microsoft.Extensions.DependencyInjection;

namespace JobQueue.Tests.Infrastructure;

/// <summary>The typed .NET client (JobQueue.Client) as a program gets it: from its service provider, signed in as a user.</summary>
public sealed class JobQueueClients(ServiceProvider services) : IAsyncDisposable
{
    public IJobQueueClient Client { get; } = services.GetRequiredService<IJobQueueClient>();

    /// <param name="configure">More of the client's HTTP pipeline (a handler that loses an answer, say).</param>
    public static JobQueueClients For(Uri dashboard, string email, string password, Action<IHttpClientBuilder>? configure = null)
    {
        var services = new ServiceCollection();
        var http = services.AddJobQueueClient(dashboard, new JobQueueCredentials(email, password));
        configure?.Invoke(http);
        return new JobQueueClients(services.BuildServiceProvider());
    }

    public ValueTask DisposeAsync() => services.DisposeAsync();
}
