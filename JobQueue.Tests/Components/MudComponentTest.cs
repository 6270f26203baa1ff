using Bunit;
using MudBlazor.Services;

namespace JobQueue.Tests.Components;

/// <summary>
/// A bunit context with MudBlazor's services. MudBlazor registers services that can only be disposed
/// asynchronously, and xunit 2 disposes test classes synchronously, so the context is disposed here first.
/// </summary>
public abstract class MudComponentTest : BunitContext, IAsyncLifetime
{
    protected MudComponentTest()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await AfterDisposeAsync();
    }

    /// <summary>Clean-up that must wait until the rendered components and their services are gone.</summary>
    protected virtual Task AfterDisposeAsync() => Task.CompletedTask;
}
