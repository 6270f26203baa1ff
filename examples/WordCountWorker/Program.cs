using JobQueue.Worker;
using WordCountWorker;

// A worker of its own with one job type, word_count. It connects to JOBQUEUE_RABBITMQ (default amqp://guest:guest@localhost:5672/)
// and takes the jobs of the queues in Worker__Queues__0, __1, ... (default: the queue "default").
var builder = Host.CreateApplicationBuilder(args);

builder.AddJobQueueWorker("word-count-worker")
    .AddJobHandler<WordCountHandler>();

await builder.Build().RunAsync();
