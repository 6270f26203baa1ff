namespace JobQueue.Dashboard.Recurring;

/// <summary>What a recurring job does when an occurrence comes while its previous run has not finished.</summary>
public enum OverlapPolicy
{
    /// <summary>The occurrence is skipped (counted, not run): runs never overlap.</summary>
    Skip,

    /// <summary>The occurrence runs anyway.</summary>
    Allow,
}
