namespace JobQueue.Dashboard.Identity;

public static class ReturnUrls
{
    private static readonly Uri ThisSite = new("http://this.site/");

    /// <summary>
    /// Only paths on this site, escaped for a Location header: an open redirect would let a link sign users in and
    /// send them elsewhere, and a raw non-ASCII or control character cannot go into a header at all.
    /// </summary>
    public static string Local(string? returnUrl)
    {
        if (returnUrl is not ['/', ..] || returnUrl.StartsWith("//", StringComparison.Ordinal) || returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            || returnUrl.Any(char.IsControl)
            || !Uri.TryCreate(ThisSite, returnUrl, out var resolved) || resolved.Host != ThisSite.Host || resolved.Port != ThisSite.Port)
            return "/";
        // PathAndQuery is the escaped form: "/jobs?q=é" comes back as "/jobs?q=%C3%A9".
        return resolved.PathAndQuery;
    }
}
