namespace JobQueue.Dashboard.Components;

/// <summary>
/// Runs each operation of a page on a <typeparamref name="TService"/> from a scope of its own. A Blazor circuit
/// lives for minutes and renders concurrently, so it must not hold one DbContext; every call here gets a fresh one.
/// </summary>
public sealed class Scoped<TService>(IServiceScopeFactory scopes) where TService : notnull
{
    public async Task<T> RunAsync<T>(Func<TService, Task<T>> operation)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await operation(scope.ServiceProvider.GetRequiredService<TService>());
    }
}
