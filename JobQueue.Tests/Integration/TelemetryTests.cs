using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using JobQueue.Dashboard.Jobs;
using JobQueue.Shared.Contracts;
using JobQueue.Tests.Infrastructure;

namespace JobQueue.Tests.Integration;

/// <summary>
/// OpenTelemetry on a system of its own that exports to an OTLP receiver in the test: one trace runs from the HTTP
/// submit through the broker and the worker to the recorder; <c>/metrics</c> on the dashboard (admins, or the scrape
/// key) and on a worker's own port count what happened.
/// </summary>
public sealed class TelemetryTests(TracedSystem traced) : IClassFixture<TracedSystem>
{
    private const string ScrapeKey = TracedSystem.ScrapeKey;

    private readonly OtlpReceiver _otlp = traced.Otlp;
    private readonly JobQueueSystem _system = traced.System;

    [Fact]
    public async Task Trace_OfASubmit_RunsThroughTheBrokerAndTheWorkerToTheRecorder()
    {
        var queue = await _system.NewQueueAsync("traced");
        await using var worker = await _system.StartWorkerAsync(queue, "traced-1", _otlp.Environment);
        using var user = await _system.NewUserAsync();

        // The caller's own trace: the dashboard continues it (W3C traceparent), so every span below is in it.
        var traceId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/jobs", UriKind.Relative))
        {
            Content = new StringContent($$"""{"type":"reverse_string","payload":"traced","queue":"{{queue}}"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()[..8])}-01");
        using var response = await user.Http.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var job = await user.WaitForStatusAsync((await response.Content.ReadFromJsonAsync<JobDto>(ApiClient.Json))!.Id, JobStatus.Succeeded);

        var spans = await Eventually.ReadAsync(() => Task.FromResult(_otlp.Spans.Where(s => s.TraceId == traceId).ToList()),
            // Each process exports on its own schedule: wait for the spans of all three steps.
            found => found.Any(s => s.Name == "record job.succeeded") && found.Any(s => s.Name == "run reverse_string")
                && found.Any(s => s.Scope == "Microsoft.AspNetCore") && found.Any(s => s.Scope == "RabbitMQ.Client.Publisher"),
            "the trace's spans, from the submit to the recorder's");
        var server = spans.Where(s => s.Service == "jobqueue-dashboard" && s.Scope == "Microsoft.AspNetCore").ShouldHaveSingleItem();
        server.Name.ShouldStartWith("POST");
        var run = spans.Where(s => s.Service == "jobqueue-worker" && s.Name == "run reverse_string").ShouldHaveSingleItem();
        run.Attributes["jobqueue.job.id"].ShouldBe(job.Id.ToString());
        // The run's parent is the dashboard's span that published the job (RabbitMQ.Client's publish span, in the request).
        var publish = spans.Where(s => s.SpanId == run.ParentSpanId).ShouldHaveSingleItem();
        publish.Service.ShouldBe("jobqueue-dashboard");
        publish.Scope.ShouldBe("RabbitMQ.Client.Publisher");
        var recorded = spans.Where(s => s.Name.StartsWith("record job.", StringComparison.Ordinal)).ToList();
        recorded.ShouldAllBe(s => s.Service == "jobqueue-dashboard" && s.ParentSpanId == run.SpanId);
        // job.started may not be among them: a worker leaves it out when the attempt finished before it went out.
        recorded.ShouldContain(s => s.Name == "record job.succeeded");
        // EF Core's spans of the submit's insert are in the trace too.
        spans.ShouldContain(s => s.Service == "jobqueue-dashboard" && s.Scope.Contains("EntityFrameworkCore", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Metrics_OnTheDashboardAndTheWorker_CountTheJobs_AndAreReadOnlyByAdminsOrTheScrapeKey()
    {
        var queue = await _system.NewQueueAsync("metrics");
        var workerPort = FreePort.Next();
        await using var worker = await _system.StartWorkerAsync(queue, "metrics-1",
            new Dictionary<string, string> { ["Telemetry__PrometheusPort"] = workerPort.ToString(CultureInfo.InvariantCulture) });
        using var admin = await _system.SignInAsAdminAsync();
        using var user = await _system.NewUserAsync();
        var finished = $$"""jobqueue_jobs_finished_total{jobqueue_job_outcome="succeeded",jobqueue_job_type="reverse_string",jobqueue_queue="{{queue}}"}""";

        (await Sum(admin.Http, finished)).ShouldBe(0);
        var jobs = await user.SubmitBatchAsync("reverse_string", ["\"a\"", "\"b\"", "\"c\""], queue);
        foreach (var job in jobs)
            await user.WaitForStatusAsync(job.Id, JobStatus.Succeeded);
        await Eventually.ReadAsync(() => Sum(admin.Http, finished), n => n == 3, "three succeeded jobs on the dashboard's /metrics");
        var text = await Scrape(admin.Http);
        Value(text, $$"""jobqueue_jobs_submitted_total{jobqueue_job_type="reverse_string",jobqueue_queue="{{queue}}"}""").ShouldBe(3);
        Value(text, $$"""jobqueue_job_run_duration_seconds_count{jobqueue_job_outcome="succeeded",jobqueue_job_type="reverse_string",jobqueue_queue="{{queue}}"}""").ShouldBe(3);
        Value(text, $$"""jobqueue_jobs_started_total{jobqueue_job_type="reverse_string",jobqueue_queue="{{queue}}"}""").ShouldBe(3);
        Value(text, $$"""jobqueue_job_queue_wait_duration_seconds_count{jobqueue_job_type="reverse_string",jobqueue_queue="{{queue}}"}""").ShouldBe(3);
        text.ShouldContain("jobqueue_events_recorded_total");

        // The worker's own share, on its own port.
        using var scraper = new HttpClient { BaseAddress = new Uri($"http://localhost:{workerPort}/") };
        var workerText = await Eventually.ReadAsync(() => scraper.GetStringAsync(new Uri("/metrics", UriKind.Relative)),
            t => Value(t, $$"""jobqueue_worker_jobs_finished_total{jobqueue_job_outcome="succeeded",jobqueue_job_type="reverse_string",jobqueue_queue="{{queue}}"}""") == 3,
            "three succeeded jobs on the worker's /metrics");
        workerText.ShouldContain("jobqueue_worker_jobs_running");

        // Who may read the dashboard's: admins and the scrape key; not users, not strangers, not a wrong key.
        using var anonymous = new HttpClient { BaseAddress = _system.DashboardUrl };
        (await anonymous.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await user.Http.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "wrong-key");
        (await anonymous.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ScrapeKey);
        Value(await Scrape(anonymous), finished).ShouldBe(3);
    }

    private static async Task<string> Scrape(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<double> Sum(HttpClient http, string series) => Value(await Scrape(http), series);

    /// <summary>
    /// The sum of the values of the series named as <paramref name="series"/> (<c>name{label="value",...}</c>) that
    /// have at least its labels, in Prometheus's text format; 0 when there are none.
    /// </summary>
    private static double Value(string text, string series)
    {
        var (name, labels) = Parse(series);
        return text.Split('\n').Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => (Series: Parse(line[..line.LastIndexOf(' ')]), Value: line[(line.LastIndexOf(' ') + 1)..]))
            .Where(s => s.Series.Name == name && labels.All(s.Series.Labels.Contains))
            .Sum(s => double.Parse(s.Value, CultureInfo.InvariantCulture));
    }

    private static (string Name, HashSet<string> Labels) Parse(string series)
    {
        var open = series.IndexOf('{', StringComparison.Ordinal);
        return open < 0
            ? (series, [])
            : (series[..open], series[(open + 1)..series.LastIndexOf('}')].Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet());
    }
}
