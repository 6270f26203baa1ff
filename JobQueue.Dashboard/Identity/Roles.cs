namespace JobQueue.Dashboard.Identity;

public static class Roles
{
    public const string Admin = "Admin";
    public const string User = "User";

    /// <summary>The users' roles (a worker key's <see cref="Worker"/> is not one).</summary>
    public static readonly string[] All = [Admin, User];

    /// <summary>The role of a request authenticated with a worker key: it may call the HTTP worker endpoints and nothing else.</summary>
    public const string Worker = "Worker";
}
