using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace JobQueue.Dashboard.Components.Jobs.Payload;

/// <summary>
/// The input of one <see cref="PayloadField"/>: a text field, a number field (no bounds of its own: a value out of range
/// is kept and its message shown), a check box, a select of the schema's values, a group of fields, or a list with add
/// and remove. Changing a value takes its message away until the next check.
/// </summary>
public partial class PayloadInput
{
    [Parameter, EditorRequired] public PayloadField Field { get; set; } = default!;

    /// <summary>A label in place of the field's own (the recurring page calls a whole payload's group "Payload").</summary>
    [Parameter] public string? Label { get; set; }

    private string Shown => Label ?? Field.Label;

    /// <summary>Raised after any value of this field (or of its fields) changed.</summary>
    [Parameter] public EventCallback Changed { get; set; }

    /// <summary>Raised when Enter is pressed in a text or number input: the form submits.</summary>
    [Parameter] public EventCallback Enter { get; set; }

    private string Hint => Field.Hint.Length > 0 ? Field.Hint : Field.Required ? "required" : "optional";

    private Dictionary<string, object> Attributes => new() { ["id"] = Field.InputId };

    private Dictionary<string, object> AddAttributes => new() { ["id"] = Field.InputId + "-add" };

    private long? WholeValue => long.TryParse(Field.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole) ? whole : null;

    private double? NumberValue => double.TryParse(Field.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null;

    /// <summary>A group's or list's field: text and numbers share a line, a group or a list takes one of its own.</summary>
    private static int Width(PayloadField field) => field.Kind switch
    {
        PayloadFieldKind.Group or PayloadFieldKind.List or PayloadFieldKind.Json => 12,
        PayloadFieldKind.Text => 6,
        _ => 3,
    };

    private Task SetText(string? value) => ChangeAsync(() => Field.Text = value);

    private Task SetWhole(long? value) => ChangeAsync(() => Field.Text = value?.ToString(CultureInfo.InvariantCulture));

    private Task SetNumber(double? value) => ChangeAsync(() => Field.Text = value?.ToString(CultureInfo.InvariantCulture));

    private Task SetChecked(bool value) => ChangeAsync(() => Field.Checked = value);

    private Task AddAsync() => ChangeAsync(() => Field.AddItem());

    private Task RemoveAsync(PayloadField item) => ChangeAsync(() => Field.RemoveItem(item));

    // MudBlazor applies an error only when the value handed to it changes, so a message must go (false) before a new
    // one can come (true): a change takes the field's message away.
    private Task ChangeAsync(Action change)
    {
        change();
        Field.Error = null;
        return Changed.InvokeAsync();
    }

    private async Task OnKeyDown(KeyboardEventArgs e)
    {
        if (e.Key is "Enter" or "NumpadEnter")
            await Enter.InvokeAsync();
    }
}
