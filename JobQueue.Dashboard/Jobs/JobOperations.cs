namespace JobQueue.Dashboard.Jobs;

/// <summary>
/// Runs each job operation of a page in a scope of its own. A Blazor circuit lives for minutes and renders
/// concurrently, so it must not hold one DbContext; every call here gets a fresh one.
/// </summary>
public sealed class JobOperations(IServiceScopeFactory scopes)
{
    public async Task<T> RunAsync<T>(Func<JobService, Task<T>> operation)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await operation(scope.ServiceProvider.GetRequiredService<JobService>());
    }
}
