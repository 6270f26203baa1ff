using JobQueue.Dashboard.Encryption;
using JobQueue.Dashboard.Jobs.Store;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.State;
using JobQueue.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;

namespace JobQueue.Tests.Unit;

/// <summary>Sealing and opening job data (docs/design.md, "Encryption at rest"), and the recorder's batches storing it sealed.</summary>
public class JobDataProtectorTests
{
    private static readonly DateTime T0 = new(2026, 12, 2, 12, 0, 0, DateTimeKind.Utc);
    private readonly IDataProtectionProvider _keys = new EphemeralDataProtectionProvider();

    private JobDataProtector Data(bool on = true) => TestJobData.Protector(on, _keys);

    [Fact]
    public void Seal_On_StoresNoClearTextAndOpensForTheOwner()
    {
        var stored = Data().Seal("alice", "the secret");
        stored.ShouldStartWith(JobDataProtector.Prefix);
        stored.ShouldNotContain("secret");
        Data().Open("alice", stored).ShouldBe("the secret");
        Data().Seal("alice", "the secret").ShouldNotBe(stored, "each seal is fresh (a random IV), so equal values do not show as equal");
    }

    [Fact]
    public void Open_AnotherOwnersValue_IsUnreadable() =>
        Data().Open("bob", Data().Seal("alice", "the secret")).ShouldBe(JobDataProtector.Unreadable);

    [Theory]
    [InlineData("jqe1:not-base64-!!")]
    [InlineData("jqe1:AAAA")]
    public void Open_ADamagedValue_IsUnreadable(string damaged) => Data().Open("alice", damaged).ShouldBe(JobDataProtector.Unreadable);

    [Fact]
    public void Off_StoresClearText_AndStillOpensWhatWasSealed()
    {
        var sealedBefore = Data().Seal("alice", "old");
        Data(on: false).Seal("alice", "new").ShouldBe("new");
        Data(on: false).Open("alice", sealedBefore).ShouldBe("old");
        Data().Open("alice", "stored before encryption").ShouldBe("stored before encryption", "clear values are read as they are");
    }

    [Fact]
    public void Off_ClearTextThatLooksSealed_IsSealedSoItReadsBackAsItself()
    {
        var stored = Data(on: false).Seal("alice", "jqe1:looks sealed");
        Data().Open("alice", stored).ShouldBe("jqe1:looks sealed");
    }

    [Fact]
    public void OpenJson_Unreadable_IsAJsonString()
    {
        Data().OpenJson("alice", Data().Seal("alice", """{"n":3}""")).GetProperty("n").GetInt32().ShouldBe(3);
        Data().OpenJson("bob", Data().Seal("alice", """{"n":3}""")).GetString().ShouldBe(JobDataProtector.Unreadable);
    }

    [Fact]
    public void Reduce_SealsWhatIsNew_KeepsWhatIsUnchanged_AndTheReducerSeesClearText()
    {
        var data = Data();
        var retrying = Guid.NewGuid();
        var running = Guid.NewGuid();
        var storedError = data.Seal("alice", "first failure");
        var stored = new Dictionary<Guid, StoredJob>
        {
            [retrying] = new("alice", new JobSnapshot(JobStatus.Retrying, 1, 0, 3, Error: storedError)),
            [running] = new("bob", new JobSnapshot(JobStatus.Running, 1, 0, 3, "w", T0)),
        };
        var batch = EventBatch.Reduce(stored, [
            new JobEvent(retrying, JobEventKind.Started, 2, "alice", T0.AddSeconds(1), "w"),
            new JobEvent(running, JobEventKind.Retrying, 1, "bob", T0.AddSeconds(2), "w", Error: "boom", RetryAt: T0.AddSeconds(5)),
        ], data);

        batch.Changes[retrying].State.Error.ShouldBeSameAs(storedError, "an error the batch left alone keeps its stored text");
        var failed = batch.Changes[running];
        failed.State.Error.ShouldStartWith(JobDataProtector.Prefix);
        data.Open("bob", failed.State.Error).ShouldBe("boom");
        var note = failed.Steps.Single(s => s.Status == JobStatus.Retrying).Note!;
        data.Open("bob", note).ShouldStartWith("attempt 1 of 3 failed: boom", Case.Sensitive, "the note was made from the clear error, then sealed");
        data.Open("alice", note).ShouldBe(JobDataProtector.Unreadable, "sealed for the job's owner");
    }
}
