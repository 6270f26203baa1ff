using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace JobQueue.Tests.Infrastructure;

/// <summary>The dashboard as a browser without script sees it: cookies kept, redirects shown rather than followed.</summary>
public static partial class FormSignIn
{
    public const int Redirect = 302;

    /// <param name="from">The loopback address to connect from (any of 127.0.0.0/8), so a test can be several clients at once.</param>
    public static HttpClient NewClient(Uri dashboard, IPAddress? from = null) =>
        new(Handler(from, new CookieContainer())) { BaseAddress = dashboard };

    /// <summary>A handler whose connections leave from <paramref name="from"/>; the dashboard sees that as the client's address.</summary>
    public static SocketsHttpHandler Handler(IPAddress? from, CookieContainer? cookies = null)
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = cookies is not null, CookieContainer = cookies ?? new CookieContainer() };
        if (from is not null)
        {
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(from, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }
        return handler;
    }

    /// <summary>Signs in the way a browser does: the form's antiforgery token, then a form post that sets the cookie.</summary>
    public static async Task<HttpClient> SignInAsync(Uri dashboard, string email, string password)
    {
        var client = NewClient(dashboard);
        var response = await PostAsync(client, email, password);
        ((int)response.StatusCode).ShouldBe(Redirect, await response.Content.ReadAsStringAsync());
        return client;
    }

    /// <summary>Fills in and posts the sign-in form, and returns the answer as it is.</summary>
    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string email, string password) =>
        PostFormAsync(client, "/Account/Login", "/Account/Login", new() { ["_handler"] = "login", ["Input.Email"] = email, ["Input.Password"] = password });

    /// <summary>Reads <paramref name="page"/> for its antiforgery token and posts <paramref name="fields"/> with it to <paramref name="action"/>.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, string action, Dictionary<string, string> fields)
    {
        var html = await client.GetStringAsync(new Uri(page, UriKind.Relative));
        var token = AntiforgeryField().Match(html).Groups[1].Value;
        token.ShouldNotBeEmpty($"{page} has no antiforgery token");
        fields["__RequestVerificationToken"] = token;
        return await client.PostAsync(new Uri(action, UriKind.Relative), new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
