using System.Text.RegularExpressions;

namespace RuianSamples.Api.Export;

/// <summary>
/// CSV text cells that a spreadsheet would not keep as text — fractions (3/4 becomes a date), year-months
/// (2023-02), leading zeros (007), long digit strings (rounded to 15 digits), booleans, and anything starting
/// with = + - @ (a formula: also the CSV-injection guard) — are written as the formula <c>="3/4"</c>, whose
/// value is the text itself in Excel and LibreOffice alike. Numbers written as numbers stay numbers.
/// </summary>
public static partial class SpreadsheetText
{
    [GeneratedRegex(@"^(?:[-+=@\s]|\.?[0-9][0-9.,:/%\s\-eE]*$|(?i:true|false)$)", RegexOptions.CultureInvariant)]
    private static partial Regex WouldNotStayText();

    public static string Protect(string text) =>
        text.Length > 0 && WouldNotStayText().IsMatch(text) ? "=\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;

    /// <summary>The text a protected cell stands for (what a spreadsheet shows).</summary>
    public static string Unprotect(string cell) =>
        cell.StartsWith("=\"", StringComparison.Ordinal) && cell.EndsWith('"') && cell.Length >= 3
            ? cell[2..^1].Replace("\"\"", "\"", StringComparison.Ordinal)
            : cell;
}
