namespace JobQueue.Dashboard.Audit;

/// <summary>Who did something and from where, as the audit trail records it.</summary>
/// <param name="Address">The client's IP address, when known.</param>
/// <param name="Via"><c>api</c> (a REST call), <c>dashboard</c> (a page), <c>broker</c> (a worker's message) or <c>system</c>.</param>
public sealed record Actor(string UserId, string Name, string? Address, string Via)
{
    public const string Api = "api";
    public const string Dashboard = "dashboard";
    public const string Broker = "broker";

    /// <summary>The dashboard itself (the first admin it seeds at start-up).</summary>
    public static readonly Actor System = new("", "system", null, "system");
}
