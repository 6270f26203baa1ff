using System.Collections.Concurrent;
using JobQueue.Dashboard.Live;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.State;
using JobQueue.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace JobQueue.Tests.Unit;

/// <summary>The live path under a burst it cannot keep up with: memory stays bounded, each job's latest state arrives, no outcome is lost.</summary>
public class LiveBurstTests
{
    private static readonly DateTime T0 = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);

    private static LiveEvent.JobChanged Changed(Guid id, JobEventKind kind, int attempt = 1, double? progress = null) =>
        new(new JobEvent(id, kind, attempt, "u1", T0, "w1", Progress: progress));

    [Fact]
    public async Task Burst_20000EventsToASlowView_BoundedBatches_LatestStateOfEveryJobArrives()
    {
        var live = new LiveEvents(NullLogger<LiveEvents>.Instance, TimeProvider.System);
        var delivered = new ConcurrentDictionary<Guid, ConcurrentQueue<JobEvent>>();
        var outcomes = new ConcurrentDictionary<Guid, bool>();
        var largestBatch = 0;
        var batches = 0;
        using var view = new LiveBatches(live, _ => true, async batch =>
        {
            Interlocked.Increment(ref batches);
            largestBatch = Math.Max(largestBatch, batch.Count);
            foreach (var e in batch.OfType<LiveEvent.JobChanged>().Select(c => c.Event))
            {
                delivered.GetOrAdd(e.JobId, _ => new()).Enqueue(e);
                if (e.Kind == JobEventKind.Succeeded)
                    outcomes[e.JobId] = true;
            }
            await Task.Delay(300); // a slow page or client: much slower than the events come
        });

        var jobs = Enumerable.Range(0, 5_000).Select(_ => Guid.NewGuid()).ToList();
        foreach (var id in jobs)
        {
            live.Publish(Changed(id, JobEventKind.Started));
            live.Publish(Changed(id, JobEventKind.Progress, progress: 50));
            live.Publish(Changed(id, JobEventKind.Succeeded));
            live.Publish(Changed(id, JobEventKind.Progress, progress: 60)); // late: must not replace the outcome
        }

        await Eventually.ReadAsync(() => Task.FromResult(outcomes.Count), count => count == jobs.Count, "every job's outcome arrived");
        // What a view makes of what it got, through the one reducer: every job Succeeded (a late progress that arrived
        // after the outcome, in a later batch, changes nothing).
        jobs.ShouldAllBe(id => JobReducer.Fold(JobSnapshot.Submitted(3), delivered[id]).Status == JobStatus.Succeeded);
        largestBatch.ShouldBeLessThanOrEqualTo(2 * jobs.Count, "a view that fell behind gets each job's newest event, not the 20,000 events");
        batches.ShouldBeLessThan(100);
    }

    [Fact]
    public void Pending_ViewKeepingUp_GetsEveryStatusChangeInOrder_ProgressOnlyTheLatest()
    {
        var pending = new PendingLiveEvents(newestPerJob: true);
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();
        pending.Add(Changed(a, JobEventKind.Queued));
        pending.Add(Changed(a, JobEventKind.Started));
        pending.Add(Changed(a, JobEventKind.Progress, progress: 30));
        pending.Add(Changed(a, JobEventKind.Progress, progress: 60));
        pending.Add(Changed(b, JobEventKind.Retrying, attempt: 2));
        pending.Add(Changed(b, JobEventKind.Failed, attempt: 1));
        pending.Add(Changed(a, JobEventKind.Succeeded));
        pending.Add(Changed(a, JobEventKind.Progress, progress: 90));

        var taken = pending.TakeAll().Cast<LiveEvent.JobChanged>().Select(c => (c.Event.JobId, c.Event.Kind)).ToList();

        taken.ShouldBe([(a, JobEventKind.Queued), (a, JobEventKind.Started), (a, JobEventKind.Succeeded), (b, JobEventKind.Retrying)]);
        pending.IsEmpty.ShouldBeTrue();
        pending.Dropped.ShouldBe(0);
    }

    [Fact]
    public void Pending_ViewFallenBehind_GetsEachJobsNewestEventOnly_NeverReplacingAnOutcome()
    {
        var pending = new PendingLiveEvents(newestPerJob: true, collapseAbove: 2);
        var jobs = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToList();
        foreach (var id in jobs)
            pending.Add(Changed(id, JobEventKind.Queued));
        foreach (var id in jobs)
        {
            pending.Add(Changed(id, JobEventKind.Started));
            pending.Add(Changed(id, JobEventKind.Succeeded));
            pending.Add(Changed(id, JobEventKind.Started)); // a late duplicate start must not replace the outcome
        }

        var taken = pending.TakeAll().Cast<LiveEvent.JobChanged>().ToList();

        taken.Select(c => c.Event.JobId).ShouldBe(jobs);
        taken.ShouldAllBe(c => c.Event.Kind == JobEventKind.Succeeded);
    }

    [Fact]
    public void Pending_OverItsBound_DropsWaitingProgressBeforeAnyOutcome()
    {
        var pending = new PendingLiveEvents(newestPerJob: true, maxJobs: 3);
        var done = Enumerable.Range(0, 2).Select(_ => Guid.NewGuid()).ToList();
        var running = Guid.NewGuid();
        pending.Add(Changed(running, JobEventKind.Progress, progress: 10));
        foreach (var id in done)
            pending.Add(Changed(id, JobEventKind.Succeeded));
        pending.Add(Changed(Guid.NewGuid(), JobEventKind.Succeeded));

        var taken = pending.TakeAll().Cast<LiveEvent.JobChanged>().ToList();

        taken.Count.ShouldBe(3);
        taken.ShouldAllBe(c => c.Event.Kind == JobEventKind.Succeeded);
        pending.Dropped.ShouldBe(1);
    }

    [Fact]
    public void Pending_EveryEvent_KeepsThemAllInOrder()
    {
        var pending = new PendingLiveEvents(newestPerJob: false);
        var a = Guid.NewGuid();
        pending.Add(Changed(a, JobEventKind.Started));
        pending.Add(Changed(a, JobEventKind.Retrying));
        pending.Add(Changed(a, JobEventKind.Started, attempt: 2));

        pending.TakeAll().Cast<LiveEvent.JobChanged>().Select(c => c.Event.Kind)
            .ShouldBe([JobEventKind.Started, JobEventKind.Retrying, JobEventKind.Started]);
    }
}
