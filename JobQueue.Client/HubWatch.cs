using System.Threading.Channels;

namespace JobQueue.Client;

/// <summary>One job's changes from the hub (<see cref="JobQueueHub.WatchAsync"/>), until disposed; a null change means "read the job again".</summary>
internal sealed class HubWatch(Action forget, Channel<JobChange?> channel) : IDisposable
{
    public ChannelReader<JobChange?> Changes => channel.Reader;

    public void Dispose()
    {
        forget();
        channel.Writer.TryComplete();
    }
}
