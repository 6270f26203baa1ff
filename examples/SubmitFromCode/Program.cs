using JobQueue.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SubmitFromCode;

// Submits a word_count job and follows it to its end through the hub, then prints its result.
//   JOBQUEUE_URL (default http://127.0.0.1:5080), JOBQUEUE_EMAIL, JOBQUEUE_PASSWORD: the dashboard and who signs in.
//   The arguments: the text to count (default: a sentence of its own).
var builder = Host.CreateApplicationBuilder(args);
// The HTTP client's and its retries' own lines only when something goes wrong: this program prints what matters.
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var url = new Uri(builder.Configuration["JOBQUEUE_URL"] ?? "http://127.0.0.1:5080");
var email = builder.Configuration["JOBQUEUE_EMAIL"];
var password = builder.Configuration["JOBQUEUE_PASSWORD"];
if (string.IsNullOrEmpty(email) || string.IsNullOrEmpty(password))
{
    Console.Error.WriteLine("Set JOBQUEUE_EMAIL and JOBQUEUE_PASSWORD to the account to sign in as (run.sh prints the admin's).");
    return 2;
}
builder.Services.AddJobQueueClient(url, new JobQueueCredentials(email, password));
using var host = builder.Build();
var jobs = host.Services.GetRequiredService<IJobQueueClient>();

var text = args.Length > 0 ? string.Join(' ', args) : "the quick brown fox jumps over the lazy dog and the dog sleeps";
try
{
    var job = await jobs.SubmitAsync("word_count", new WordCount(text, Top: 3));
    Console.WriteLine($"Submitted job {job.Id} ({job.Status})");
    await foreach (var change in jobs.WatchAsync(job.Id))
        Console.WriteLine($"  {change.At:HH:mm:ss.fff} {change.Status}{(change.Progress is { } p ? $" {p:0}%" : "")}{(change.WorkerId is { } w ? $" on {w}" : "")}");
    var done = await jobs.WaitAsync(job.Id);
    Console.WriteLine(done.Status == JobStatus.Succeeded ? $"Result: {done.Result}" : $"{done.Status}: {done.Error}");
    return done.Status == JobStatus.Succeeded ? 0 : 1;
}
catch (JobQueueValidationException refused)
{
    // A 400: each bad field by its JSON path, e.g. "payload.top: top must be between 1 and 100."
    foreach (var (field, messages) in refused.Errors)
        Console.Error.WriteLine($"{field}: {string.Join(" ", messages)}");
    return 1;
}
catch (JobQueueException failed)
{
    Console.Error.WriteLine(failed.Message);
    return 1;
}
