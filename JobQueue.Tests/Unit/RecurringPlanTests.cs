using JobQueue.Dashboard.Recurring;

namespace JobQueue.Tests.Unit;

/// <summary>Which occurrences of a recurring job fire now: on time, late within the catch-up window, or missed.</summary>
public class RecurringPlanTests
{
    private static readonly DateTime T0 = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan CatchUp = TimeSpan.FromMinutes(1);

    private static RecurringPlan.Plan Due(string cron, DateTime next, DateTime now, MissedPolicy missed = MissedPolicy.RunOnce, string zone = "UTC")
    {
        RecurringPlan.TryParse(cron, out var expression).ShouldBeNull();
        RecurringPlan.TryFindZone(zone, out var timeZone).ShouldBeNull();
        return RecurringPlan.Due(expression!, timeZone, next, now, CatchUp, missed);
    }

    [Fact]
    public void Due_BeforeTheNextOccurrence_FiresNothing()
    {
        var plan = Due("*/5 * * * *", T0.AddMinutes(5), T0.AddMinutes(4));
        plan.Fire.ShouldBeEmpty();
        plan.Next.ShouldBe(T0.AddMinutes(5));
    }

    [Fact]
    public void Due_AtTheOccurrence_FiresItOnce_AndMovesToTheNext()
    {
        var plan = Due("*/5 * * * *", T0, T0.AddMilliseconds(200));
        plan.Fire.ShouldBe([T0]);
        plan.Missed.ShouldBe(0);
        plan.Next.ShouldBe(T0.AddMinutes(5));
    }

    [Fact]
    public void Due_LateWithinTheCatchUpWindow_FiresEveryOccurrenceOnce()
    {
        // A lease that changed hands in 10 s: the five occurrences of a 2-second schedule each run, late.
        var plan = Due("*/2 * * * * *", T0, T0.AddSeconds(9));
        plan.Fire.ShouldBe([T0, T0.AddSeconds(2), T0.AddSeconds(4), T0.AddSeconds(6), T0.AddSeconds(8)]);
        plan.Next.ShouldBe(T0.AddSeconds(10));
    }

    [Theory]
    [InlineData(MissedPolicy.RunOnce, 1, 59)]
    [InlineData(MissedPolicy.Skip, 0, 60)]
    public void Due_AfterDowntimeLongerThanTheWindow_TheMissedPolicyDecides(MissedPolicy missed, int fired, int counted)
    {
        // Every minute, down for an hour: once (the latest of them), or none; not sixty.
        var plan = Due("* * * * *", T0, T0.AddMinutes(59).AddSeconds(30), missed);
        plan.Fire.Count.ShouldBe(fired);
        if (fired == 1)
            plan.Fire[0].ShouldBe(T0.AddMinutes(59));
        plan.Missed.ShouldBe(counted);
        plan.Next.ShouldBe(T0.AddMinutes(60));
    }

    [Fact]
    public void Due_InATimeZone_FollowsItsClock()
    {
        // 09:00 in Berlin is 08:00 UTC in December.
        var next = RecurringPlan.Upcoming(Parse("0 9 * * *"), Zone("Europe/Berlin"), T0, 2);
        next.ShouldBe([new DateTime(2026, 12, 2, 8, 0, 0, DateTimeKind.Utc), new DateTime(2026, 12, 3, 8, 0, 0, DateTimeKind.Utc)]);
    }

    [Theory]
    [InlineData("*/5 * * * *", null)]
    [InlineData("*/2 * * * * *", null)]
    [InlineData("", "cron is required")]
    [InlineData("* * *", "3 fields")]
    [InlineData("61 * * * *", "is not valid")]
    public void TryParse_FiveOrSixFields(string cron, string? says)
    {
        var problem = RecurringPlan.TryParse(cron, out _);
        if (says is null)
            problem.ShouldBeNull();
        else
            problem.ShouldNotBeNull().ShouldContain(says);
    }

    [Fact]
    public void TryFindZone_AnUnknownZone_SaysWhatToUse() =>
        RecurringPlan.TryFindZone("Mars/Olympus", out _).ShouldNotBeNull().ShouldContain("IANA");

    private static Cronos.CronExpression Parse(string cron)
    {
        RecurringPlan.TryParse(cron, out var expression).ShouldBeNull();
        return expression!;
    }

    private static TimeZoneInfo Zone(string id)
    {
        RecurringPlan.TryFindZone(id, out var zone).ShouldBeNull();
        return zone;
    }
}
