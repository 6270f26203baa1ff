using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Components;

namespace JobQueue.Dashboard.Components.Monitor;

public sealed partial class TimeSeriesChart
{
    private const int Width = 1000;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    [Parameter, EditorRequired] public IReadOnlyList<ChartLine> Lines { get; set; } = [];
    [Parameter, EditorRequired] public string Label { get; set; } = "";
    [Parameter] public int Height { get; set; } = 120;
    [Parameter] public string Unit { get; set; } = "";
    [Parameter] public string ScaleFormat { get; set; } = "0.##";
    [Parameter] public string From { get; set; } = "";
    [Parameter] public string To { get; set; } = "now";
    [Parameter] public string? Class { get; set; }

    /// <summary>
    /// Values averaged per point drawn: per-second counts at a few jobs a minute are a row of 1-px spikes; averaged over
    /// ten seconds they are a rate one can read.
    /// </summary>
    [Parameter] public int Bucket { get; set; } = 1;

    /// <summary>When the last value was taken, in the viewer's time (for the hover texts); null: the hover says how long ago.</summary>
    [Parameter] public DateTime? EndsAt { get; set; }

    /// <summary>The time between two values.</summary>
    [Parameter] public TimeSpan Step { get; set; } = TimeSpan.FromSeconds(1);

    private sealed record BucketLine(ChartLine Line, IReadOnlyList<double> Values);

    private IReadOnlyList<BucketLine> Buckets { get; set; } = [];
    private int Count { get; set; }
    private double Top { get; set; } = 1;
    private double Slot => Count <= 1 ? Width : (double)Width / (Count - 1);

    protected override void OnParametersSet()
    {
        var size = Math.Max(1, Bucket);
        Buckets = [.. Lines.Select(l => new BucketLine(l, Average(l.Values, size)))];
        Count = Buckets.Count == 0 ? 0 : Buckets.Max(b => b.Values.Count);
        Top = Nice(Buckets.SelectMany(b => b.Values).DefaultIfEmpty(0).Max());
    }

    /// <summary>Means of consecutive groups of <paramref name="size"/>, the newest group ending with the newest value.</summary>
    private static List<double> Average(IReadOnlyList<double> values, int size)
    {
        var result = new List<double>(values.Count / size + 1);
        for (var end = values.Count; end > 0; end -= size)
        {
            var start = Math.Max(0, end - size);
            var sum = 0.0;
            for (var i = start; i < end; i++)
                sum += values[i];
            result.Add(sum / (end - start));
        }
        result.Reverse();
        return result;
    }

    /// <summary>The top of the scale: the largest value rounded up to 1, 2 or 5 times a power of ten, and never below 1.</summary>
    public static double Nice(double max)
    {
        if (max <= 1)
            return 1;
        var power = Math.Pow(10, Math.Floor(Math.Log10(max)));
        foreach (var step in new[] { 1.0, 2, 5, 10 })
        {
            if (max <= step * power)
                return step * power;
        }
        return 10 * power;
    }

    private string Scale(double value) => value.ToString(ScaleFormat, Invariant);

    private double X(double index) => Count <= 1 ? 0 : index * Width / (Count - 1);

    private double Y(double value) => Height - (value / Top * (Height - 4)) - 1;

    private string Points(IReadOnlyList<double> values)
    {
        var points = new StringBuilder(values.Count * 12);
        for (var i = 0; i < values.Count; i++)
            points.Append(Invariant, $"{X(i):0.#},{Y(values[i]):0.#} ");
        return points.ToString();
    }

    private string Area(IReadOnlyList<double> values) =>
        values.Count == 0 ? "" : string.Create(Invariant, $"0,{Height} {Points(values)}{X(values.Count - 1):0.#},{Height}");

    /// <summary>What a point says on hover: its time (or how long ago) and each line's value.</summary>
    private string Hover(int index)
    {
        var span = Step * Math.Max(1, Bucket);
        var ago = span * (Count - 1 - index);
        var when = EndsAt is { } end ? (end - ago).ToString("HH:mm:ss", Invariant) : ago == TimeSpan.Zero ? "now" : $"{Components.Jobs.JobFormat.Words(ago)} ago";
        var values = Buckets.Select(b => index < b.Values.Count ? $"{b.Line.Name}: {b.Values[index].ToString(ScaleFormat, Invariant)}" : null).OfType<string>();
        return $"{when}\n{string.Join("\n", values)}";
    }
}
