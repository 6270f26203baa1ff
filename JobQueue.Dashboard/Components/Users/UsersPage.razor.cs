using JobQueue.Dashboard.Audit;
using JobQueue.Dashboard.Identity;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace JobQueue.Dashboard.Components.Users;

public sealed partial class UsersPage
{
    [Inject] private Scoped<UserAdministration> Admin { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private CircuitOrigin Origin { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private IReadOnlyList<UserDto> _users = [];
    private Dictionary<string, string> _errors = [];
    private string? _email;
    private string? _password;
    private string _role = Roles.User;
    private JobViewer? _me;
    private string? _search;

    /// <summary>The users whose e-mail contains the search, any case; the table pages and sorts them.</summary>
    private IEnumerable<UserDto> Shown => string.IsNullOrWhiteSpace(_search)
        ? _users
        : _users.Where(u => u.Email.Contains(_search.Trim(), StringComparison.OrdinalIgnoreCase));

    private string UsersCount
    {
        get
        {
            var admins = _users.Count(u => u.Role == Roles.Admin);
            var shown = Shown.Count();
            var all = $"{_users.Count} users, {admins} admin{(admins == 1 ? "" : "s")}";
            return shown == _users.Count ? all : $"{shown} of {all}";
        }
    }

    private Actor Me => _me!.Actor(Origin);

    protected override async Task OnInitializedAsync()
    {
        _me = JobViewer.From((await AuthenticationState).User);
        await LoadAsync();
    }

    private async Task LoadAsync() => _users = await Admin.RunAsync(a => a.ListAsync());

    private async Task CreateAsync()
    {
        var outcome = await Admin.RunAsync(a => a.CreateAsync(new CreateUserRequest(_email, _password, _role), Me));
        _errors = outcome is UserChange.Invalid { Errors: var errors } ? errors.ToDictionary(e => e.Key, e => string.Join(" ", e.Value)) : [];
        if (outcome is UserChange.Done { User: var user })
        {
            Snackbar.Add($"Created {user.Email} ({user.Role})", Severity.Success);
            (_email, _password, _role) = (null, null, Roles.User);
            await LoadAsync();
        }
    }

    private Task SetRoleAsync(UserDto user, string role) => ChangeAsync(a => a.SetRoleAsync(user.Id, role, Me), $"{user.Email} is now {role}");

    private Task SetDisabledAsync(UserDto user, bool disabled) =>
        ChangeAsync(a => a.SetDisabledAsync(user.Id, disabled, Me), $"{user.Email} is {(disabled ? "disabled" : "enabled")}");

    private async Task ChangeAsync(Func<UserAdministration, Task<UserChange>> change, string done)
    {
        switch (await Admin.RunAsync(change))
        {
            case UserChange.Done:
                Snackbar.Add(done, Severity.Success);
                break;
            case UserChange.Invalid { Errors: var errors }:
                Snackbar.Add(string.Join(" ", errors.SelectMany(e => e.Value)), Severity.Warning);
                break;
            default:
                Snackbar.Add("That user no longer exists", Severity.Warning);
                break;
        }
        await LoadAsync();
    }
}
