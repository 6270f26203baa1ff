namespace JobQueue.Dashboard.Live;

/// <summary><see cref="JobsHub.Ready"/>'s answer: the connection hears every job (an admin's) or its user's own.</summary>
public sealed record HubReady(bool AllJobs);
