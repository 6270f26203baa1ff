using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;

namespace JobQueue.Dashboard.Components.Account.Pages;

public partial class ChangePassword
{
    [Inject] private UserManager<IdentityUser> Users { get; set; } = default!;
    [Inject] private SignInManager<IdentityUser> SignInManager { get; set; } = default!;
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
        var result = await Users.ChangePasswordAsync(user, Input!.CurrentPassword, Input.NewPassword);
        Succeeded = result.Succeeded;
        if (!result.Succeeded)
        {
            Message = string.Join(" ", result.Errors.Select(e => e.Description));
            return;
        }
        // The security stamp changed: sign in again so this browser keeps a valid cookie.
        await SignInManager.RefreshSignInAsync(user);
        Message = "Your password has been changed.";
        Input = new PasswordInput();
    }

    public sealed class PasswordInput
    {
        [Required(ErrorMessage = "Enter your current password.")]
        public string CurrentPassword { get; set; } = "";

        [Required(ErrorMessage = "Enter a new password.")]
        [StringLength(100, MinimumLength = 8, ErrorMessage = "The new password must be at least 8 characters long.")]
        public string NewPassword { get; set; } = "";

        [Compare(nameof(NewPassword), ErrorMessage = "The two new passwords differ.")]
        public string ConfirmPassword { get; set; } = "";
    }
}
