namespace JobQueue.Worker.Handlers.BuiltIn;

/// <summary>The names of the job types this worker runs out of the box.</summary>
public static class JobTypeNames
{
    public const string ReverseString = "reverse_string";
    public const string UppercaseText = "uppercase_text";
    public const string FibonacciCalc = "fibonacci_calc";
    public const string Sleep = "sleep";
}
