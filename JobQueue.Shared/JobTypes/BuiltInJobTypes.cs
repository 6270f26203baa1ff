namespace JobQueue.Shared.JobTypes;

/// <summary>
/// The job types JobQueue's own worker runs out of the box. Their names are reserved: only workers on the broker (the
/// operator's own) advertise them, never a worker key.
/// </summary>
public static class BuiltInJobTypes
{
    public const string ReverseString = "reverse_string";
    public const string UppercaseText = "uppercase_text";
    public const string FibonacciCalc = "fibonacci_calc";
    public const string Sleep = "sleep";

    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal) { ReverseString, UppercaseText, FibonacciCalc, Sleep };
}
