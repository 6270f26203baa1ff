using System.Text.Json.Serialization;
using JobQueue.Dashboard.ApiDocs;
using JobQueue.Dashboard.Audit;
using JobQueue.Dashboard.Broker;
using JobQueue.Dashboard.Bulk;
using JobQueue.Dashboard.Components;
using JobQueue.Dashboard.Components.Account;
using JobQueue.Dashboard.Data;
using JobQueue.Dashboard.DeadLetters;
using JobQueue.Dashboard.Encryption;
using JobQueue.Dashboard.Health;
using JobQueue.Dashboard.HttpWorkers;
using JobQueue.Dashboard.Identity;
using JobQueue.Dashboard.JobLogs;
using JobQueue.Dashboard.Jobs;
using JobQueue.Dashboard.JobTypes;
using JobQueue.Dashboard.Leases;
using JobQueue.Dashboard.Live;
using JobQueue.Dashboard.Monitor;
using JobQueue.Dashboard.Queues;
using JobQueue.Dashboard.Recording;
using JobQueue.Dashboard.Recurring;
using JobQueue.Dashboard.Security;
using JobQueue.Dashboard.Telemetry;
using JobQueue.Dashboard.WorkerKeys;
using JobQueue.Dashboard.Workers;
using JobQueue.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
// --urls, ASPNETCORE_URLS or Urls in configuration win; otherwise the documented default.
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
    builder.WebHost.UseUrls("http://127.0.0.1:5080");
// Serves MudBlazor's and our static files from a build output (tests, dotnet run) in any environment;
// a published app has no static web assets manifest, so there this does nothing.
builder.WebHost.UseStaticWebAssets();

builder.AddJobQueueDefaults("jobqueue-dashboard");
builder.AddDashboardTelemetry();
builder.AddBroker();
builder.AddJobQueueData();
builder.AddEncryptionAtRest();
builder.AddAuditTrail();
builder.AddJobQueueIdentity();
builder.AddOnceOnlyDuties();
builder.AddJobTypes();
builder.AddJobs();
builder.AddJobLogs();
builder.AddJobRecorder();
builder.AddLiveUpdates();
builder.AddWorkers();
builder.AddWorkerKeys();
builder.AddHttpWorkers();
builder.AddQueues();
builder.AddMonitor();
builder.AddDeadLetters();
builder.AddBulkOperations();
builder.AddRecurringJobs();
builder.AddJobQueueHealthChecks();
builder.AddDashboardUi();
builder.AddApiDocs();

builder.Services.AddProblemDetails();
builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
    // A field the API does not know is refused (400 naming it), not ignored: a misspelt "delaySecond" must not run the job at once.
    o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
});

var app = builder.Build();

await app.Services.MigrateJobQueueDatabaseAsync();
await app.Services.SeedJobQueueIdentityAsync();

app.UseSecurityHeaders();
// A request the server refused to read (a body over its limit, a malformed form) answers with its own status, not 500.
app.UseExceptionHandler(new ExceptionHandlerOptions
{
    StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : 500,
    SuppressDiagnosticsCallback = context => context.Exception is BadHttpRequestException,
});
app.UseStatusCodePages();
app.UseConnectionOriginCheck();
app.UseAuthentication();
app.UseSessionRevalidation();
app.UseAnonymousBodyLimit();
app.UseAuthorization();
app.UseAntiforgery();
app.MapApiDocs();

app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapAccountEndpoints();
app.MapAuthEndpoints();
app.MapUserEndpoints();
app.MapJobTypeEndpoints();
app.MapJobEndpoints();
app.MapJobLogEndpoints();
app.MapBulkJobEndpoints();
app.MapWorkerEndpoints();
app.MapWorkerKeyEndpoints();
app.MapHttpWorkerEndpoints();
app.MapJobTypeAdvertisingEndpoints();
app.MapQueueEndpoints();
app.MapMonitorEndpoints();
app.MapDeadLetterEndpoints();
app.MapRecurringEndpoints();
app.MapAuditEndpoints(adminPolicy: Roles.Admin);
app.MapJobsHub();
app.MapJobQueueHealthChecks();
app.MapMetricsEndpoint();

await app.RunAsync();

/// <summary>Visible to the tests, which start the dashboard as a real process.</summary>
public partial class Program;
