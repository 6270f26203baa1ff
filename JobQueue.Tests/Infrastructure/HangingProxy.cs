using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace JobQueue.Tests.Infrastructure;

/// <summary>
/// A TCP proxy on loopback in front of a real service (the RabbitMQ management API, a dashboard), which a test can make hang:
/// while it hangs it accepts every connection and reads what is sent, but never answers, as a service stuck under
/// load does. Passing through again, it forwards new connections as before.
/// </summary>
public sealed class HangingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<TcpClient, byte> _open = new();
    private readonly Task _accepting;
    private volatile bool _hanging;

    public HangingProxy(IPEndPoint target)
    {
        _target = target;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>Connections taken while hanging.</summary>
    public int HungConnections { get; private set; }

    /// <summary>From now on nothing answers; connections being forwarded are cut, so their clients must come back to a hang.</summary>
    public void Hang()
    {
        _hanging = true;
        CloseOpen();
    }

    public void PassThrough() => _hanging = false;

    /// <summary>
    /// Passes through again and closes the connections it hung, as a network that comes back resets them: their clients
    /// learn at once and connect anew (with <see cref="PassThrough"/> alone they wait for their own timeouts).
    /// </summary>
    public void Restore()
    {
        _hanging = false;
        CloseOpen();
    }

    private void CloseOpen()
    {
        foreach (var client in _open.Keys)
            client.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            _open.TryAdd(client, 0);
            _ = (_hanging ? SwallowAsync(client) : ForwardAsync(client)).ContinueWith(_ => Close(client), TaskScheduler.Default);
        }
    }

    private void Close(TcpClient client)
    {
        _open.TryRemove(client, out _);
        client.Dispose();
    }

    private async Task SwallowAsync(TcpClient client)
    {
        HungConnections++;
        var buffer = new byte[4096];
        try
        {
            var stream = client.GetStream();
            while (await stream.ReadAsync(buffer, _stop.Token) > 0)
            {
                // Read, never answer.
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The client gave up, or the test is over.
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        using var upstream = new TcpClient();
        try
        {
            await upstream.ConnectAsync(_target, _stop.Token);
            var fromClient = client.GetStream().CopyToAsync(upstream.GetStream(), _stop.Token);
            var fromTarget = upstream.GetStream().CopyToAsync(client.GetStream(), _stop.Token);
            await Task.WhenAny(fromClient, fromTarget);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // One side closed.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        foreach (var client in _open.Keys)
            client.Dispose();
        await _accepting;
        _stop.Dispose();
    }
}
