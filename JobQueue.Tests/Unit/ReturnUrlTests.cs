using JobQueue.Dashboard.Components.Account.Pages;

namespace JobQueue.Tests.Unit;

public class ReturnUrlTests
{
    [Theory]
    [InlineData("/", "/")]
    [InlineData("/jobs?status=Queued", "/jobs?status=Queued")]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example/", "/")]
    [InlineData("jobs", "/")]
    [InlineData("/jobs?q=é", "/jobs?q=%C3%A9")]
    [InlineData("/jobs/é", "/jobs/%C3%A9")]
    [InlineData("/jobs\r\nSet-Cookie: x=1", "/")]
    [InlineData("/\t/evil.example/", "/")]
    [InlineData("/.//evil.example", "/")]
    [InlineData("/x/..//evil.example/path", "/")]
    [InlineData("/%2e//evil.example", "/")]
    [InlineData("/%2E%2E//evil.example", "/")]
    [InlineData("/./\\evil.example", "/")]
    [InlineData("/jobs/../overview", "/overview")]
    public void LocalReturnUrl_OnlyEverPointsIntoThisSite(string? returnUrl, string expected) =>
        Login.LocalReturnUrl(returnUrl).ShouldBe(expected);
}
