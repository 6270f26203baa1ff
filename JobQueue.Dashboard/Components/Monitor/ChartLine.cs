namespace JobQueue.Dashboard.Components.Monitor;

/// <summary>One line of a <see cref="TimeSeriesChart"/>: evenly spaced values, oldest first.</summary>
public sealed record ChartLine(string Name, string Color, IReadOnlyList<double> Values, string? CssClass = null);
