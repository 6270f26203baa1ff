using JobQueue.Worker;
using JobQueue.Worker.Handlers.BuiltIn;

var builder = Host.CreateApplicationBuilder(args);

builder.AddJobQueueWorker()
    .AddBuiltInJobHandlers();

await builder.Build().RunAsync();
