using Bunit;
using JobQueue.Dashboard.Components.Jobs;
using JobQueue.Shared.Contracts;

namespace JobQueue.Tests.Components;

public class StatusChipTests : MudComponentTest
{
    public static TheoryData<JobStatus, string> Colours => new()
    {
        { JobStatus.Scheduled, "secondary" },
        { JobStatus.Queued, "default" },
        { JobStatus.Running, "info" },
        { JobStatus.Cancelling, "warning" },
        { JobStatus.Retrying, "warning" },
        { JobStatus.Succeeded, "success" },
        { JobStatus.Failed, "error" },
        { JobStatus.Cancelled, "dark" },
    };

    [Theory]
    [MemberData(nameof(Colours))]
    public void Render_EachStatus_ShowsItsNameInItsColour(JobStatus status, string colour)
    {
        var chip = Render<StatusChip>(p => p.Add(c => c.Status, status));

        var element = chip.Find(".jq-status");
        element.TextContent.Trim().ShouldBe(status.ToString());
        element.ClassList.ShouldContain($"mud-chip-color-{colour}");
    }

    [Fact]
    public void Colours_CoverEveryStatus() =>
        Enum.GetValues<JobStatus>().ShouldAllBe(s => Colours.Any(row => (JobStatus)row[0] == s));
}
