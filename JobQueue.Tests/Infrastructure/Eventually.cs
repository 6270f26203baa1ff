namespace JobQueue.Tests.Infrastructure;

/// <summary>
/// Reads until a condition holds, for state that settles asynchronously (a job's status, a worker's heartbeat,
/// a queue's figures). A timeout fails with the last value seen; it is a bound, never a speed assertion.
/// </summary>
public static class Eventually
{
    public static async Task<T> ReadAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var value = await read();
            if (done(value))
                return value;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Never reached {what}; last seen: {System.Text.Json.JsonSerializer.Serialize(value, ApiClient.Json)}");
            await Task.Delay(100);
        }
    }
}
