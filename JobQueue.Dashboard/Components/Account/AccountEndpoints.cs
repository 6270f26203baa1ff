using JobQueue.Dashboard.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace JobQueue.Dashboard.Components.Account;

public static class AccountEndpoints
{
    /// <summary>
    /// <c>POST /Account/Logout</c> (antiforgery-checked form post): ends every session of the user (this browser's
    /// cookie, other browsers, bearer tokens, open pages and hub connections) and returns to the sign-in page.
    /// </summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // Binding a form field makes the endpoint validate the antiforgery token, so no other site can sign users out.
        app.MapPost("/Account/Logout", async (SignInManager<IdentityUser> signInManager, UserSessions sessions, HttpContext context,
            [FromForm] string? returnUrl) =>
        {
            await sessions.EndAllAsync(context.User);
            await signInManager.SignOutAsync();
            return TypedResults.LocalRedirect("~/Account/Login");
        }).RequireAuthorization();
        return app;
    }
}
