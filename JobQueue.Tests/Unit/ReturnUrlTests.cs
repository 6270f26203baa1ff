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
    public void LocalReturnUrl_OnlyEverPointsIntoThisSite(string? returnUrl, string expected) =>
        Login.LocalReturnUrl(returnUrl).ShouldBe(expected);
}
