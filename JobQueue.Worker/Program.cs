using JobQueue.ServiceDefaults;
using JobQueue.Shared.Messaging;
using JobQueue.Worker.Consuming;
using JobQueue.Worker.Handlers;

var builder = Host.CreateApplicationBuilder(args);

builder.AddJobQueueDefaults("jobqueue-worker");
builder.AddRabbitMq("jobqueue-worker");
builder.AddJobHandlers();
builder.AddJobConsuming();

await builder.Build().RunAsync();
