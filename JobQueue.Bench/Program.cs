using JobQueue.Bench;
using JobQueue.Bench.Api;
using JobQueue.Bench.Delayed;
using JobQueue.Bench.EndToEnd;
using JobQueue.Bench.Listing;
using JobQueue.Bench.Live;
using JobQueue.Bench.Measuring;
using JobQueue.Bench.Processes;
using JobQueue.Bench.Raw;

if (args is [HubClients.ChildFlag, ..])
    return await HubClients.RunChildAsync(args);

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

Console.WriteLine($"JobQueue benchmark on {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
BenchSystem system;
try
{
    system = await BenchSystem.AttachOrStartAsync(options);
}
catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
{
    Console.Error.WriteLine(ex.Message);
    return 1;
}
await using var started = system;
using var admin = await BenchApi.SignInAsync(system.Url, system.AdminEmail, system.AdminPassword);

double? ceiling = null;
EndToEndResult? endToEnd = null;
foreach (var mode in options.Modes)
{
    switch (mode)
    {
        case BenchMode.Raw:
            ceiling = await BrokerCeilingBenchmark.RunAsync(system.RabbitMqUri, options.RawMessages, stop.Token);
            break;
        case BenchMode.EndToEnd:
            endToEnd = await EndToEndBenchmark.RunAsync(system, admin, options, stop.Token);
            break;
        case BenchMode.Live:
            await SeedAsync();
            await LivePathBenchmark.RunAsync(system, admin, options, stop.Token);
            break;
        case BenchMode.List:
            await SeedAsync();
            await JobListBenchmark.RunAsync(system, admin, options, stop.Token);
            break;
        case BenchMode.Delayed:
            await DelayedJobsBenchmark.RunAsync(system, admin, options, stop.Token);
            break;
    }
}

if (endToEnd is not null && ceiling is not null)
{
    Report.Section("Summary");
    Report.Line("end to end / broker ceiling", $"{endToEnd.JobsPerSecond:0} jobs/s / {ceiling:0} msg/s = {endToEnd.JobsPerSecond / ceiling:0.00}");
}
return 0;

// Stores jobs until --seed-jobs are stored, by running them: a million jobs take minutes, not hours.
async Task SeedAsync()
{
    var stored = await admin.CountAsync("", stop.Token);
    if (stored >= options.SeedJobs)
        return;
    var missing = options.SeedJobs - stored;
    Report.Section($"Seeding: running {missing} jobs so that {options.SeedJobs} are stored");
    var timing = await JobRun.RunAsync(admin, missing, 1000, options.Submitters, await admin.CountAsync("Succeeded", stop.Token), stop.Token);
    Report.Line("seeded", $"{missing} jobs in {timing.Succeeded.TotalSeconds:0} s = {missing / timing.Succeeded.TotalSeconds:0} jobs/s");
}
