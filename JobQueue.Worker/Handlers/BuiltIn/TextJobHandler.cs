using System.ComponentModel.DataAnnotations;

namespace JobQueue.Worker.Handlers.BuiltIn;

/// <summary>The text job types: the payload is a JSON string, not blank, at most <see cref="MaxLength"/> characters; the result is text.</summary>
public abstract class TextJobHandler : IJobHandler<string, string>
{
    public const int MaxLength = 60_000;

    public Task<string> RunAsync(
        [Display(Name = "Text"), StringLength(MaxLength), RegularExpression(@"\S", ErrorMessage = "must not be empty or only spaces")] string text,
        JobContext context, CancellationToken cancellationToken) =>
        Task.FromResult(Transform(text));

    protected abstract string Transform(string text);
}
