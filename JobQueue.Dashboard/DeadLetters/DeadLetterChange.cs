using JobQueue.Dashboard.Audit;
using JobQueue.Dashboard.Broker;
using JobQueue.Dashboard.Data;
using JobQueue.Dashboard.Encryption;
using JobQueue.Dashboard.Jobs;
using JobQueue.Dashboard.Live;
using JobQueue.Shared.Contracts;
using Microsoft.EntityFrameworkCore;

namespace JobQueue.Dashboard.DeadLetters;

public abstract record DeadLetterChange
{
    public sealed record Requeued(Guid JobId) : DeadLetterChange;
    public sealed record Deleted : DeadLetterChange;
    public sealed record Refused(string Reason) : DeadLetterChange;
    public sealed record NotFound : DeadLetterChange;
}
