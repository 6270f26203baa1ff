namespace JobQueue.Dashboard.Identity;

public abstract record UserChange
{
    public sealed record Done(UserDto User) : UserChange;
    public sealed record Invalid(IDictionary<string, string[]> Errors) : UserChange;
    public sealed record NotFound : UserChange;
}
