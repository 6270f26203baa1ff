using System.Collections.Concurrent;
using System.Security.Claims;
using JobQueue.Dashboard.Identity;
using Microsoft.AspNetCore.SignalR;

namespace JobQueue.Dashboard.Live;

/// <summary>
/// The open connections of <see cref="JobsHub"/>, so that access revoked on this instance closes its user's
/// connections at once (<see cref="SessionValidator.Revoked"/>), and <see cref="HubSessionRevalidator"/> can close
/// the ones revoked elsewhere. A closed client must connect again, as whoever it now is.
/// </summary>
public sealed class HubSessions : IDisposable
{
    private readonly ConcurrentDictionary<string, HubCallerContext> _open = new(StringComparer.Ordinal);
    private readonly SessionValidator _sessions;
    private readonly ILogger<HubSessions> _logger;

    public HubSessions(SessionValidator sessions, ILogger<HubSessions> logger)
    {
        _sessions = sessions;
        _logger = logger;
        sessions.Revoked += Close;
    }

    /// <returns>Whether the connection is taken: false when its user has <paramref name="most"/> open here already.</returns>
    public bool TryAdd(HubCallerContext connection, int most)
    {
        var userId = connection.User?.FindFirstValue(ClaimTypes.NameIdentifier);
        lock (_open)
        {
            if (_open.Values.Count(c => c.User?.FindFirstValue(ClaimTypes.NameIdentifier) == userId) >= most)
                return false;
            _open[connection.ConnectionId] = connection;
            return true;
        }
    }

    public void Remove(HubCallerContext connection) => _open.TryRemove(connection.ConnectionId, out _);

    /// <summary>Closes every connection whose session has been revoked.</summary>
    public async Task RevalidateAsync(CancellationToken cancellationToken)
    {
        foreach (var connection in _open.Values)
        {
            if (connection.User is { } user && await _sessions.CheckAsync(user, cancellationToken) == SessionState.Revoked)
                Abort(connection);
        }
    }

    private void Close(string userId)
    {
        foreach (var connection in _open.Values)
        {
            if (connection.User?.FindFirstValue(ClaimTypes.NameIdentifier) == userId)
                Abort(connection);
        }
    }

    private void Abort(HubCallerContext connection)
    {
        _logger.LogInformation("Closing hub connection {ConnectionId} of {User}: their access was revoked", connection.ConnectionId,
            connection.User?.Identity?.Name);
        Remove(connection);
        connection.Abort();
    }

    public void Dispose() => _sessions.Revoked -= Close;
}
