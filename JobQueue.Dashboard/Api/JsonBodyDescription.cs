namespace JobQueue.Dashboard.Api;

/// <summary>
/// Says which type an endpoint reads from its JSON body with <see cref="JsonBody.ReadAsync{T}"/>, for the OpenAPI
/// document. Unlike <c>Accepts&lt;T&gt;</c> it does not take part in routing: a body of another content type still
/// reaches the endpoint and gets its own 400 saying it must be JSON, not a bare 415.
/// </summary>
public sealed record JsonBodyDescription(Type Type);
