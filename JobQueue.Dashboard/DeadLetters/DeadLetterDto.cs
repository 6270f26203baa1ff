namespace JobQueue.Dashboard.DeadLetters;

public sealed record DeadLetterDto(long Id, Guid? JobId, string? Type, string? Queue, string Reason, int Attempts, string? WorkerId,
    DateTime DeadAt, string Body)
{
    /// <summary>The dead letter with its reason and body opened.</summary>
    public static DeadLetterDto From(DeadLetter letter, Encryption.JobDataProtector data) => new(letter.Id, letter.JobId, letter.Type, letter.Queue,
        data.Open(letter.OwnerId ?? "", letter.Reason), letter.Attempts, letter.WorkerId, letter.DeadAt, data.Open(letter.OwnerId ?? "", letter.Body));
}
