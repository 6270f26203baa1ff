using System.ComponentModel.DataAnnotations;
using JobQueue.Dashboard.Api;
using JobQueue.Dashboard.Identity;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;

namespace JobQueue.Dashboard.Components.Account.Pages;

public partial class ChangePassword
{
    [Inject] private UserManager<IdentityUser> Users { get; set; } = default!;
    [Inject] private SignInManager<IdentityUser> SignInManager { get; set; } = default!;
    [Inject] private SessionValidator Sessions { get; set; } = default!;
    [Inject] private LoginThrottle Throttle { get; set; } = default!;
    [CascadingParameter] private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromForm]
    private PasswordInput? Input { get; set; }

    private string? Message { get; set; }
    private bool Succeeded { get; set; }

    protected override void OnInitialized() => Input ??= new PasswordInput();

    private async Task ChangeAsync()
    {
        if (await Users.GetUserAsync(HttpContext.User) is not { } user)
        {
            Message = "Your account no longer exists.";
            return;
        }
        // A wrong current password is a failed sign-in: it counts toward the same limits, by address and by account.
        var address = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (Throttle.AddressBlocked(address) is { } retryAfter)
        {
            Message = $"Too many wrong passwords from your address; try again in {ProblemResponses.RetryAfterSeconds(retryAfter)} s.";
            return;
        }
        if (Throttle.AccountBlocked(user.Id, address))
        {
            Message = "Too many wrong passwords for this account; try again later.";
            return;
        }
        var result = await Users.ChangePasswordAsync(user, Input!.CurrentPassword, Input.NewPassword);
        Succeeded = result.Succeeded;
        if (!result.Succeeded)
        {
            if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)))
                Throttle.Failed(address, user.Id);
            Message = string.Join(" ", result.Errors.Select(e => e.Description));
            return;
        }
        // The security stamp changed, which ends every session of the user, here at once and on other instances within
        // the revalidation interval; this browser signs in again so that it keeps a valid cookie.
        Sessions.Revoke(user.Id);
        await SignInManager.RefreshSignInAsync(user);
        Message = "Your password has been changed; your other sessions (other browsers, API tokens) have ended.";
        Input = new PasswordInput();
    }

    public sealed class PasswordInput
    {
        [Required(ErrorMessage = "Enter your current password.")]
        public string CurrentPassword { get; set; } = "";

        [Required(ErrorMessage = "Enter a new password.")]
        [StringLength(IdentityExtensions.MaxPasswordLength, MinimumLength = IdentityExtensions.MinPasswordLength,
            ErrorMessage = "The new password must be 12 to 256 characters long: a few words make a good one.")]
        public string NewPassword { get; set; } = "";

        [Compare(nameof(NewPassword), ErrorMessage = "The two new passwords differ.")]
        public string ConfirmPassword { get; set; } = "";
    }
}
