using System.ComponentModel.DataAnnotations;
using JobQueue.Dashboard.Api;
using JobQueue.Dashboard.Identity;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;

namespace JobQueue.Dashboard.Components.Account.Pages;

public partial class Login
{
    [Inject]
    private SignInManager<IdentityUser> SignInManager { get; set; } = default!;

    [Inject]
    private SignInGate Gate { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromForm]
    private LoginInput? Input { get; set; }

    [SupplyParameterFromQuery(Name = "ReturnUrl")]
    private string? ReturnUrl { get; set; }

    private string? Error { get; set; }

    protected override void OnInitialized()
    {
        Input ??= new LoginInput();
        // Already signed in (a page whose session ended on a password change here, with this browser's new cookie): go on.
        if (HttpMethods.IsGet(HttpContext.Request.Method) && HttpContext.User.Identity?.IsAuthenticated == true)
            Navigation.NavigateTo(LocalReturnUrl(ReturnUrl));
    }

    private async Task SignInAsync()
    {
        if (Input is null)
            return;
        switch (await Gate.CheckAsync(Input.Email, Input.Password, HttpContext))
        {
            case SignInCheck.Passed { User: var user }:
                await SignInManager.SignInAsync(user, Input.RememberMe);
                Navigation.NavigateTo(LocalReturnUrl(ReturnUrl));
                return;
            case SignInCheck.Throttled { RetryAfter: var retryAfter }:
                HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                HttpContext.Response.SetRetryAfter(retryAfter);
                Error = $"Too many failed sign-ins from your address. Try again in {ProblemResponses.RetryAfterSeconds(retryAfter)} s.";
                return;
            case SignInCheck.Busy:
                HttpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                HttpContext.Response.SetRetryAfter(TimeSpan.FromSeconds(1));
                Error = "The dashboard is checking many passwords at once. Try again in a second.";
                return;
            default:
                Error = SignInCheck.RefusedMessage;
                return;
        }
    }

    /// <summary>Only paths on this site, escaped for a Location header (<see cref="ReturnUrls.Local"/>).</summary>
    public static string LocalReturnUrl(string? returnUrl) => ReturnUrls.Local(returnUrl);

    public sealed class LoginInput
    {
        [Required(ErrorMessage = "Enter your email.")]
        [EmailAddress(ErrorMessage = "Enter an email address like name@example.com.")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";

        public bool RememberMe { get; set; }
    }
}
