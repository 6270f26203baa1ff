using System.Globalization;
using Microsoft.JSInterop;

namespace JobQueue.Dashboard.Components;

/// <summary>
/// The viewer's time zone, which the server has no other way to know: every time a page shows is read in it (the
/// browser's IANA zone, so a time across a daylight-saving change reads right; its current offset where the server
/// has no such zone). One per circuit, cascaded to every component that shows a time (<see cref="BrowserClockExtensions"/>)
/// and asked once, by <see cref="BrowserClockLearner"/> after the first render, which then re-renders them all. Until then
/// (a prerender, an old cached script) times read in UTC.
/// </summary>
public sealed class BrowserClock(IJSRuntime js)
{
    private TimeZoneInfo? _zone;
    private TimeSpan _offset;

    /// <summary>Whether the browser was asked already.</summary>
    public bool Known { get; private set; }

    /// <returns>true when this call learned the zone (the caller renders again), false when it was known or cannot be.</returns>
    public async Task<bool> LearnAsync()
    {
        if (Known)
            return false;
        try
        {
            Known = true;
            if (await js.InvokeAsync<BrowserZone?>("jobQueue.timeZone") is not { } zone)
                return false;
            _offset = TimeSpan.FromMinutes(zone.OffsetMinutes);
            _zone = zone.Id is { Length: > 0 } id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found) ? found : null;
            return true;
        }
        catch (JSException)
        {
            // A script from before this helper (cached): UTC it is.
            return false;
        }
    }

    /// <summary>A stored (UTC) time as the viewer's clock shows it.</summary>
    public DateTime Local(DateTime utc) => _zone is { } zone
        ? TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone)
        : DateTime.SpecifyKind(utc + _offset, DateTimeKind.Unspecified);

    public string Format(DateTime utc, string format) => Local(utc).ToString(format, CultureInfo.InvariantCulture);

    /// <summary>What <c>jobQueue.timeZone()</c> answers: the IANA zone and the minutes east of UTC now.</summary>
    private sealed record BrowserZone(string? Id, int OffsetMinutes);
}
