using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Components;

namespace JobQueue.Dashboard.Components.Monitor;

/// <summary>One line of a <see cref="TimeSeriesChart"/>: evenly spaced values, oldest first.</summary>
public sealed record ChartLine(string Name, string Color, IReadOnlyList<double> Values, string? CssClass = null);

public sealed partial class TimeSeriesChart
{
    private const int Width = 1000;

    [Parameter, EditorRequired] public IReadOnlyList<ChartLine> Lines { get; set; } = [];
    [Parameter, EditorRequired] public string Label { get; set; } = "";
    [Parameter] public int Height { get; set; } = 120;
    [Parameter] public string Unit { get; set; } = "";
    [Parameter] public string ScaleFormat { get; set; } = "0.##";
    [Parameter] public string From { get; set; } = "";
    [Parameter] public string To { get; set; } = "now";
    [Parameter] public string? Class { get; set; }

    /// <summary>The top of the chart: the largest value shown, and never less than 1 so an idle chart stays flat.</summary>
    private double Max => Math.Max(1, Lines.SelectMany(l => l.Values).DefaultIfEmpty(0).Max());

    private string Points(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
            return "";
        var max = Max;
        var step = values.Count == 1 ? 0 : (double)Width / (values.Count - 1);
        var points = new StringBuilder(values.Count * 12);
        for (var i = 0; i < values.Count; i++)
        {
            var y = Height - (values[i] / max * (Height - 4));
            points.Append(CultureInfo.InvariantCulture, $"{i * step:0.#},{y:0.#} ");
        }
        return points.ToString();
    }
}
