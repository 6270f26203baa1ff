namespace JobQueue.Dashboard.Api;

public static class JsonBodyEndpointExtensions
{
    /// <summary>Describes the endpoint's JSON body as <typeparamref name="T"/> in the OpenAPI document (<see cref="JsonBodyDescription"/>).</summary>
    public static TBuilder ReadsJson<T, TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new JsonBodyDescription(typeof(T)));

    /// <inheritdoc cref="ReadsJson{T, TBuilder}"/>
    public static RouteHandlerBuilder ReadsJson<T>(this RouteHandlerBuilder builder) => builder.ReadsJson<T, RouteHandlerBuilder>();
}
