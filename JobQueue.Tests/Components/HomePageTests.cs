using Bunit;
using JobQueue.Dashboard.Components.Pages;

namespace JobQueue.Tests.Components;

public class HomePageTests : MudComponentTest
{
    [Fact]
    public void Render_HomePage_PointsToTheApiAndHub()
    {
        var page = Render<Home>();

        page.Find("a[href='/api/jobs']").TextContent.ShouldBe("/api/jobs");
        page.Markup.ShouldContain("/hubs/jobs");
        page.Markup.ShouldContain("POST /api/auth/login");
    }
}
