namespace JobQueue.Shared.JobTypes;

public static class JobTypeNames
{
    public const string ReverseString = "reverse_string";
    public const string UppercaseText = "uppercase_text";
    public const string FibonacciCalc = "fibonacci_calc";
    public const string Sleep = "sleep";
}
