namespace JobQueue.Worker.Handlers.BuiltIn;

[JobType(JobTypeNames.UppercaseText, Description = "Upper-cases a text", TimeoutSeconds = 30)]
public sealed class UppercaseTextHandler : TextJobHandler
{
    protected override string Transform(string text) => text.ToUpperInvariant();
}
