namespace JobQueue.Dashboard.Identity;

public static class ReturnUrls
{
    private static readonly Uri ThisSite = new("http://this.site/");

    /// <summary>
    /// Only paths on this site, escaped for a Location header: an open redirect would let a link sign users in and
    /// send them elsewhere, and a raw non-ASCII or control character cannot go into a header at all. Judged as the
    /// browser will read it, after decoding and path normalisation: <c>/.//evil.example</c>, <c>/x/..//evil.example</c>
    /// and <c>/%2e//evil.example</c> all normalise to <c>//evil.example</c>, a link to another host.
    /// </summary>
    public static string Local(string? returnUrl)
    {
        if (returnUrl is not ['/', ..] || IsAnotherHost(returnUrl) || returnUrl.Any(char.IsControl)
            || !Uri.TryCreate(ThisSite, returnUrl, out var resolved) || resolved.Host != ThisSite.Host || resolved.Port != ThisSite.Port)
            return "/";
        // PathAndQuery is the escaped form: "/jobs?q=é" comes back as "/jobs?q=%C3%A9".
        var local = resolved.PathAndQuery;
        return IsAnotherHost(local) || IsAnotherHost(Uri.UnescapeDataString(resolved.AbsolutePath)) || local.Contains('\\', StringComparison.Ordinal) ? "/" : local;
    }

    /// <summary>A browser reads <c>//host</c> and <c>/\host</c> (and <c>\\host</c>) as another host.</summary>
    private static bool IsAnotherHost(string path) => path.Length >= 2 && path[0] is '/' or '\\' && path[1] is '/' or '\\';
}
