namespace JobQueue.Dashboard.Data;

/// <summary>
/// Deletes in batches, each in a scope (and a context) of its own, so no statement holds the database for long: the
/// retention duties' one loop.
/// </summary>
public static class BatchedDelete
{
    /// <summary>
    /// Runs <paramref name="batch"/> (find up to <paramref name="batchSize"/> rows and delete them, answering how many it
    /// found and how many it deleted) until a batch finds fewer than a full one, or <paramref name="goOn"/> says no (a
    /// once-only duty whose lease was lost).
    /// </summary>
    /// <returns>How many rows were deleted in all.</returns>
    public static async Task<int> RunAsync(IServiceScopeFactory scopes, int batchSize, Func<bool> goOn,
        Func<JobQueueDbContext, CancellationToken, Task<(int Found, int Deleted)>> batch, CancellationToken cancellationToken)
    {
        var deleted = 0;
        while (goOn())
        {
            await using var scope = scopes.CreateAsyncScope();
            var (found, gone) = await batch(scope.ServiceProvider.GetRequiredService<JobQueueDbContext>(), cancellationToken);
            deleted += gone;
            if (found < batchSize)
                break;
        }
        return deleted;
    }
}
