namespace JobQueue.Dashboard.HttpWorkers;

/// <summary>Why a fetch, ack or progress call was refused, answered as problem details.</summary>
public sealed record HttpWorkerProblem(int Status, string Title, string Detail)
{
    public static HttpWorkerProblem NotLeased(Guid jobId) => new(StatusCodes.Status409Conflict, "Not leased",
        $"Job {jobId} is not leased to this worker: it was never fetched by it, it was already acked, or its lease expired and it went back to its queue.");

    public static HttpWorkerProblem Unavailable(string what) => new(StatusCodes.Status503ServiceUnavailable, "Try again shortly",
        $"The dashboard could not {what}: the database or RabbitMQ does not answer. Nothing was lost; try again in a few seconds.");

    public static HttpWorkerProblem Cancelled(Guid jobId) => new(StatusCodes.Status409Conflict, "cancelled",
        $"Job {jobId} was cancelled: stop working on it. It is Cancelled and its lease is released.");
}
