namespace JobQueue.Client;

/// <summary>The account the client signs in as (a user's own: it sees and submits that user's jobs; an admin's sees all).</summary>
public sealed record JobQueueCredentials(string Email, string Password);
