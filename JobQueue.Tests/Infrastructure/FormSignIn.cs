using System.Net;
using System.Text.RegularExpressions;

namespace JobQueue.Tests.Infrastructure;

/// <summary>The dashboard as a browser without script sees it: cookies kept, redirects shown rather than followed.</summary>
public static partial class FormSignIn
{
    public const int Redirect = 302;

    public static HttpClient NewClient(Uri dashboard) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = dashboard };

    /// <summary>Signs in the way a browser does: the form's antiforgery token, then a form post that sets the cookie.</summary>
    public static async Task<HttpClient> SignInAsync(Uri dashboard, string email, string password)
    {
        var client = NewClient(dashboard);
        var response = await PostAsync(client, email, password);
        ((int)response.StatusCode).ShouldBe(Redirect, await response.Content.ReadAsStringAsync());
        return client;
    }

    /// <summary>Fills in and posts the sign-in form, and returns the answer as it is.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string email, string password)
    {
        var page = await client.GetStringAsync(new Uri("/Account/Login", UriKind.Relative));
        var token = AntiforgeryField().Match(page).Groups[1].Value;
        token.ShouldNotBeEmpty("the sign-in form has no antiforgery token");
        return await client.PostAsync(new Uri("/Account/Login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["__RequestVerificationToken"] = token, ["Input.Email"] = email, ["Input.Password"] = password,
        }));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
