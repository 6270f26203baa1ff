using System.Security.Claims;
using Bunit;
using JobQueue.Dashboard.Broker;
using JobQueue.Dashboard.Components;
using JobQueue.Dashboard.Components.Jobs;
using JobQueue.Dashboard.Data;
using JobQueue.Dashboard.Jobs;
using JobQueue.Dashboard.Jobs.Store;
using JobQueue.Dashboard.Live;
using JobQueue.Dashboard.Queues;
using JobQueue.Dashboard.Telemetry;
using JobQueue.Dashboard.Workers;
using JobQueue.ServiceDefaults.Resilience;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.Messaging;
using JobQueue.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor;
using Polly;

namespace JobQueue.Tests.Components;

/// <summary>The jobs table over a real (SQLite) database; nothing is published, so no broker is needed.</summary>
public sealed class JobsPageTests : MudComponentTest
{
    private const string Me = "user-1";
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"jobqueue-bunit-{Guid.NewGuid():N}.db");
    private readonly Dictionary<JobStatus, Guid> _mine = [];

    public JobsPageTests()
    {
        var options = Options.Create(new RabbitMqOptions());
        Services.AddLogging();
        Services.AddSingleton(TimeProvider.System);
        Services.AddJobQueueResilience();
        Services.AddStoreConflictPipeline(StoreConflicts.IsConflict);
        Services.AddDbContext<JobQueueDbContext, SqliteJobQueueDbContext>(db => db.UseSqlite($"Data Source={_file}"));
        Services.AddSingleton(TestJobData.Protector());
        Services.AddSingleton<IJobStore>(sp => new SqliteJobStore($"Data Source={_file}", sp.GetRequiredService<JobQueue.Dashboard.Encryption.JobDataProtector>()));
        var connection = new RabbitMqConnection(options, NullLogger<RabbitMqConnection>.Instance, "unused", ResiliencePipeline.Empty);
        Services.AddMetrics();
        Services.AddSingleton<DashboardTelemetry>();
        Services.AddSingleton(sp => new BrokerGateway(new ConfirmingPublisher(connection, options), connection, options,
            sp.GetRequiredService<DashboardTelemetry>(), Microsoft.Extensions.Logging.Abstractions.NullLogger<BrokerGateway>.Instance));
        Services.AddSingleton<QueueCatalog>();
        Services.AddSingleton<IQueueDirectory>(sp => sp.GetRequiredService<QueueCatalog>());
        Services.AddSingleton<JobQueue.Dashboard.JobTypes.IJobTypeCatalog>(new FakeJobTypeCatalog());
        Services.AddSingleton(new SubmitRateLimiter(Microsoft.Extensions.Options.Options.Create(new JobsOptions())));
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new JobsOptions { Retention = TimeSpan.FromDays(3) }));
        Services.AddScoped<JobService>();
        Services.AddSingleton<Scoped<JobService>>();
        Services.AddScoped<JobReader>();
        Services.AddSingleton<Scoped<JobReader>>();
        Services.AddSingleton(new LiveEvents(NullLogger<LiveEvents>.Instance, TimeProvider.System));
        Services.AddSingleton<RecentJobEvents>();
        Services.AddSingleton<WorkerRegistry>();
        Services.AddSingleton<JobQueue.Dashboard.Queues.IQueueStats>(new JobQueue.Tests.Unit.NoQueueStats());
        Services.AddBrowserClock();
        Services.AddSingleton<JobQueue.Dashboard.Audit.AuditLog>();
        Services.AddSingleton<JobQueue.Dashboard.Bulk.BulkJobs>();
        Services.AddHttpContextAccessor();
        Services.AddScoped<JobQueue.Dashboard.Audit.CircuitOrigin>();
        AddAuthorization().SetAuthorized("me@jobqueue.test").SetClaims(new Claim(ClaimTypes.NameIdentifier, Me));
        Seed();
    }

    private void Seed()
    {
        var db = new SqliteJobQueueDbContext(new DbContextOptionsBuilder<SqliteJobQueueDbContext>().UseSqlite($"Data Source={_file}").Options);
        db.Database.Migrate();
        var at = DateTime.UtcNow;
        foreach (var status in Enum.GetValues<JobStatus>().Where(s => s != JobStatus.Retrying))
        {
            var job = Job.Submit(Guid.CreateVersion7(), "sleep", "default", "{\"seconds\":1,\"steps\":1}", Me, "me@jobqueue.test", at,
                runAt: status == JobStatus.Scheduled ? at.AddHours(1) : null);
            MoveTo(job, status);
            db.Jobs.Add(job);
            _mine[status] = job.Id;
        }
        db.Jobs.Add(Job.Submit(Guid.CreateVersion7(), "sleep", "default", "1", "someone-else", "else@jobqueue.test", at));
        db.SaveChanges();
        db.Dispose();
    }

    private static void MoveTo(Job job, JobStatus status)
    {
        JobEvent Event(JobEventKind kind, double? progress = null) => new(job.Id, kind, 1, job.OwnerId, DateTime.UtcNow, "w1", Progress: progress);
        if (status is not (JobStatus.Queued or JobStatus.Scheduled))
            job.Apply(Event(JobEventKind.Progress, 40));
        switch (status)
        {
            case JobStatus.Cancelling:
                job.RequestCancel(DateTime.UtcNow);
                break;
            case JobStatus.Succeeded or JobStatus.Failed or JobStatus.Cancelled:
                job.Apply(Event(status switch { JobStatus.Succeeded => JobEventKind.Succeeded, JobStatus.Failed => JobEventKind.Failed, _ => JobEventKind.Cancelled }));
                break;
        }
    }

    private IRenderedComponent<JobsPage> RenderPage()
    {
        Render<MudPopoverProvider>();
        var page = Render<JobsPage>();
        page.WaitForAssertion(() => page.FindAll("tr.jq-job-row").Count.ShouldBe(_mine.Count), TimeSpan.FromSeconds(10));
        return page;
    }

    private static AngleSharp.Dom.IElement Row(IRenderedComponent<JobsPage> page, Guid id) => page.Find($"tr.job-{id}");

    [Fact]
    public void Render_UsersJobs_OneRowEachWithItsStatusAndNoOtherUsersJobs()
    {
        var page = RenderPage();
        foreach (var (status, id) in _mine)
            Row(page, id).QuerySelector(".jq-status")!.TextContent.Trim().ShouldBe(status.ToString());
        page.Markup.ShouldNotContain("else@jobqueue.test");
        page.Markup.ShouldNotContain(">Owner<");
    }

    [Theory]
    [InlineData(JobStatus.Queued, true)]
    [InlineData(JobStatus.Running, true)]
    [InlineData(JobStatus.Cancelling, false)]
    [InlineData(JobStatus.Succeeded, false)]
    [InlineData(JobStatus.Failed, false)]
    [InlineData(JobStatus.Cancelled, false)]
    public void Render_CancelButton_ShowsOnlyOnQueuedAndRunningJobs(JobStatus status, bool shown)
    {
        var page = RenderPage();
        (Row(page, _mine[status]).QuerySelector(".jq-cancel") is not null).ShouldBe(shown);
    }

    [Theory]
    [InlineData(JobStatus.Running, true)]
    [InlineData(JobStatus.Cancelling, true)]
    [InlineData(JobStatus.Queued, false)]
    [InlineData(JobStatus.Succeeded, false)]
    public void Render_ProgressBar_ShowsOnlyWhileAJobRuns(JobStatus status, bool shown)
    {
        var page = RenderPage();
        (Row(page, _mine[status]).QuerySelector(".jq-progress") is not null).ShouldBe(shown);
    }

    [Fact]
    public void Render_Always_SaysHowLongFinishedJobsAreKept() =>
        RenderPage().Find("#jobs-retention").TextContent.ShouldContain("kept for 3 days, then deleted; dead letters for 30 days");

    [Fact]
    public void Render_LiveEvent_MovesTheRowWithoutAReload()
    {
        var page = RenderPage();
        var running = _mine[JobStatus.Running];

        Services.GetRequiredService<LiveEvents>().Publish(new LiveEvent.JobChanged(
            new JobEvent(running, JobEventKind.Succeeded, 1, Me, DateTime.UtcNow, "w1", Result: "done")));

        page.WaitForAssertion(() => Row(page, running).QuerySelector(".jq-status")!.TextContent.Trim().ShouldBe("Succeeded"), TimeSpan.FromSeconds(5));
        Row(page, running).TextContent.ShouldContain("done");
    }

    [Fact]
    public async Task Render_NewJobsArrive_ShowsThemWithoutTheTablesLoadingState()
    {
        var page = RenderPage();
        var loadingShown = false;
        page.OnMarkupUpdated += (_, _) => loadingShown |= page.Markup.Contains("mud-table-loading", StringComparison.Ordinal);

        foreach (var id in new[] { Guid.CreateVersion7(), Guid.CreateVersion7() })
        {
            // Two within the reload interval: the second waits for the next refresh instead of starting a reload of its own.
            var job = Job.Submit(id, "sleep", "default", "1", Me, "me@jobqueue.test", DateTime.UtcNow);
            await using (var store = new SqliteJobStore($"Data Source={_file}", TestJobData.Protector(encryptAtRest: false)))
                await store.InsertAsync([job], null, CancellationToken.None);
            Services.GetRequiredService<LiveEvents>().Publish(new LiveEvent.JobChanged(
                new JobEvent(id, JobEventKind.Queued, 1, Me, DateTime.UtcNow, null, SubmittedAt: job.CreatedAt)));
        }

        page.WaitForAssertion(() => page.FindAll("tr.jq-job-row").Count.ShouldBe(_mine.Count + 2), TimeSpan.FromSeconds(10));
        loadingShown.ShouldBeFalse("new jobs went through the table's reload (its loading state) instead of a refresh in place");
    }

    [Fact]
    public async Task Render_MoreJobsThanTheCountStopsAt_PagerSaysMoreThan()
    {
        await using (var store = new SqliteJobStore($"Data Source={_file}", TestJobData.Protector(encryptAtRest: false)))
        {
            var at = DateTime.UtcNow.AddMinutes(-1);
            await store.InsertAsync([.. Enumerable.Range(0, JobReader.CountedUpTo + 1).Select(i =>
                Job.Submit(Guid.CreateVersion7(), "sleep", "default", "1", Me, "me@jobqueue.test", at.AddMilliseconds(-i)))], null, CancellationToken.None);
        }
        Render<MudPopoverProvider>();

        var page = Render<JobsPage>();

        page.WaitForAssertion(() => page.Find(".mud-table-pagination").TextContent.ShouldContain("of more than 10,000"), TimeSpan.FromSeconds(10));
        page.FindAll("tr.jq-job-row").Count.ShouldBe(25);
    }

    protected override Task AfterDisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_file);
        return Task.CompletedTask;
    }
}
