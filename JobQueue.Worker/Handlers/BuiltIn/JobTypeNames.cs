using JobQueue.Shared.JobTypes;

namespace JobQueue.Worker.Handlers.BuiltIn;

/// <summary>The names of the job types this worker runs out of the box (reserved: <see cref="BuiltInJobTypes"/>).</summary>
public static class JobTypeNames
{
    public const string ReverseString = BuiltInJobTypes.ReverseString;
    public const string UppercaseText = BuiltInJobTypes.UppercaseText;
    public const string FibonacciCalc = BuiltInJobTypes.FibonacciCalc;
    public const string Sleep = BuiltInJobTypes.Sleep;
}
