using System.Text;

namespace RuianSamples.Api.Data.Seeding;

/// <summary>
/// The one normalisation that quotes are checked under: line breaks are dropped, then whitespace
/// between two CJK characters (ideographs or CJK/full-width punctuation) is dropped. Newspaper
/// layouts wrap lines mid-sentence and OCR leaves spaces between characters; neither is text.
/// </summary>
public static class QuoteNormalizer
{
    public static string Normalize(string text)
    {
        var noBreaks = text.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal);
        var result = new StringBuilder(noBreaks.Length);
        var i = 0;
        while (i < noBreaks.Length)
        {
            var c = noBreaks[i];
            if (IsSpace(c))
            {
                var end = i;
                while (end < noBreaks.Length && IsSpace(noBreaks[end])) end++;
                var before = result.Length > 0 ? result[^1] : '\0';
                var after = end < noBreaks.Length ? noBreaks[end] : '\0';
                if (!(IsCjk(before) && IsCjk(after))) result.Append(noBreaks, i, end - i);
                i = end;
                continue;
            }
            result.Append(c);
            i++;
        }
        return result.ToString();
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\u3000' or '\u00A0';

    public static bool IsCjk(char c) =>
        c is (>= '\u2E80' and <= '\u9FFF') or (>= '\uFF00' and <= '\uFFEF')
            or '\u201C' or '\u201D' or '\u2018' or '\u2019' or '\u2014' or '\u2026' or '\u00B7';
}
