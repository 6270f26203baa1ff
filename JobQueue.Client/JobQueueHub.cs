using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JobQueue.Client;

/// <summary>
/// One connection to the dashboard's hub (<c>/hubs/jobs</c>) for the whole client, opened on first use, with the
/// client's bearer token (renewed on every reconnect: the hub ends a connection when its token expires). Each watch
/// gets the events of its job; after a reconnect each is told to read its job again, for what passed meanwhile.
/// </summary>
internal sealed class JobQueueHub : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, List<Channel<JobChange?>>> _watches = [];
    private readonly SemaphoreSlim _starting = new(1, 1);
    // Set once a start has waited for Ready: a caller that sees it connected before then waits for that start.
    private volatile bool _started;

    public JobQueueHub(JobQueueTokens tokens, IOptions<JobQueueClientOptions> options)
    {
        var baseAddress = options.Value.BaseAddress ?? throw new InvalidOperationException("JobQueueClientOptions.BaseAddress is not set.");
        _connection = new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, "hubs/jobs"), o => o.AccessTokenProvider = async () => await tokens.GetAsync(CancellationToken.None))
            .WithAutomaticReconnect(new ForeverRetryPolicy())
            .AddJsonProtocol(o => o.PayloadSerializerOptions = new System.Text.Json.JsonSerializerOptions(JobQueueJson.Options))
            .Build();
        _connection.On<HubJobEvent>("JobChanged", Deliver);
        _connection.On<List<HubJobEvent>>("JobsChanged", events => events.ForEach(Deliver));
        _connection.Reconnected += async _ =>
        {
            // Events sent while the connection was away are lost: every watch reads its job again (null means "read
            // again"), once the connection hears its jobs again (or what it reads could miss what follows).
            await WaitUntilReadyAsync(CancellationToken.None);
            lock (_gate)
                foreach (var watch in _watches.Values.SelectMany(w => w))
                    watch.Writer.TryWrite(null);
        };
    }

    /// <summary>
    /// From now on, the changes of <paramref name="jobId"/> as they come; a null in the stream means "read the job again"
    /// (the connection was away). Subscribe before reading the job, so no change falls between.
    /// </summary>
    public async Task<HubWatch> WatchAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<JobChange?>(new UnboundedChannelOptions { SingleReader = true });
        lock (_gate)
        {
            if (!_watches.TryGetValue(jobId, out var watches))
                _watches[jobId] = watches = [];
            watches.Add(channel);
        }
        var watch = new HubWatch(() => Forget(jobId, channel), channel);
        try
        {
            await EnsureConnectedAsync(cancellationToken);
            return watch;
        }
        catch
        {
            watch.Dispose();
            throw;
        }
    }

    private async Task EnsureConnectedAsync(CancellationToken cancellationToken)
    {
        if (_started && _connection.State == HubConnectionState.Connected)
            return;
        await _starting.WaitAsync(cancellationToken);
        try
        {
            if (_connection.State == HubConnectionState.Disconnected)
            {
                await _connection.StartAsync(cancellationToken);
                await WaitUntilReadyAsync(cancellationToken);
            }
            _started = true;
        }
        finally
        {
            _starting.Release();
        }
    }

    /// <summary>
    /// A connection joins its jobs' group just after the handshake its start waits for; the hub's <c>Ready</c> answers
    /// once it has, so a job read after this sees every change that follows.
    /// </summary>
    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _connection.InvokeAsync("Ready", cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The connection dropped again: the next reconnect asks again.
        }
    }

    private void Deliver(HubJobEvent hubEvent)
    {
        if (hubEvent.ToChange() is not { } change)
            return;
        lock (_gate)
            if (_watches.TryGetValue(hubEvent.JobId, out var watches))
                foreach (var channel in watches)
                    channel.Writer.TryWrite(change);
    }

    private void Forget(Guid jobId, Channel<JobChange?> channel)
    {
        lock (_gate)
            if (_watches.TryGetValue(jobId, out var watches) && watches.Remove(channel) && watches.Count == 0)
                _watches.Remove(jobId);
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        _starting.Dispose();
    }
}
