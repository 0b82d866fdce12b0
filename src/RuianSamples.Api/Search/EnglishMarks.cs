using System.Globalization;
using System.Text;

namespace RuianSamples.Api.Search;

/// <summary>
/// A page's English fields marked as FTS5's highlight() marks them in search_fts, from what the index build stored with
/// each row (search_docs.en_title_spans, en_body_spans: where each token of the text stands, with the token FTS5 made of
/// it) instead of tokenizing the page's texts again with Porter in an in-memory FTS5 table (<see cref="Fts5Text.Mark"/>,
/// which stays for what this cannot do). The query's phrases are tokenized by FTS5 too (<see cref="Fts5Text.Of"/>), so
/// both sides are FTS5's tokens and no second stemmer is involved: a phrase marks each run of tokens equal to its own
/// (the last one a prefix for <c>"…" *</c>) in the columns it names, and overlapping runs are one mark, as highlight()
/// joins them. That is highlight()'s result when every phrase's every instance counts: a row of the page matched the
/// whole expression, so an AND's phrases all stand in it and an OR's phrases that stand in it are its matches; an AND
/// beneath an OR (a synonym of two words, say) can leave a phrase standing in a row whose branch did not match, which
/// FTS5 does not mark, so such a query (<see cref="For"/> gives null) and a row stored without spans are marked in
/// memory. <c>Search/SearchHighlightTests</c> compares both ways with highlight() in the catalog's own index.
/// </summary>
public sealed class EnglishMarks
{
    /// <summary>FTS5's highlight() marks of a match: between U+E000 and U+E001 (the in-memory way).</summary>
    public const char MarkStart = '\uE000';
    public const char MarkEnd = '\uE001';

    private sealed record Phrase(string[] Tokens, bool Prefix, bool Title, bool Body);

    private readonly Phrase[] _phrases;

    private EnglishMarks(Phrase[] phrases) => _phrases = phrases;

    /// <summary>The marks of a MATCH expression that <see cref="SearchService.BuildMatch"/> wrote, or null when a phrase's instances are not all marked (an AND beneath an OR).</summary>
    public static EnglishMarks? For(string match)
    {
        var tree = Fts5Match.Parse(match);
        if (!EveryInstanceCounts(tree, underOr: false)) return null;
        var phrases = tree.Phrases()
            .Select(p => new Phrase(Fts5Text.Of(p.Text), p.Prefix, p.Columns.Contains("en_title"), p.Columns.Contains("en_body")))
            .Where(p => p.Tokens.Length > 0 && (p.Title || p.Body))
            .ToArray();
        return new EnglishMarks(phrases);
    }

    private static bool EveryInstanceCounts(Fts5Match node, bool underOr) => node switch
    {
        Fts5Match.Phrase => true,
        Fts5Match.Or or => or.Parts.All(p => EveryInstanceCounts(p, underOr: true)),
        Fts5Match.And and => !underOr && and.Parts.All(p => EveryInstanceCounts(p, underOr: false)),
        _ => false,
    };

    // An entry of the stored spans: where "start,length,token" begins, and where its token stands in the spans text.
    // Start and length are read only for the tokens a mark begins or ends on.
    private readonly record struct Entry(int At, int TokenAt, int TokenLength);

    // Find runs synchronously, so one buffer per thread serves every row of every page.
    [ThreadStatic] private static List<Entry>? t_entries;

    /// <summary>The marks in a row's English title (<paramref name="title"/>) or body, from its stored spans: ranges of the text, in order, apart.</summary>
    public List<MatchRange> Find(string spans, bool title)
    {
        var ranges = new List<MatchRange>();
        if (spans.Length == 0 || !MayHold(spans, title)) return ranges;
        var entries = t_entries ??= new List<Entry>(256);
        Read(spans, entries);
        var instances = new List<(int First, int Last)>();
        foreach (var phrase in _phrases)
        {
            if (!(title ? phrase.Title : phrase.Body)) continue;
            var n = phrase.Tokens.Length;
            for (var i = 0; i + n <= entries.Count; i++)
            {
                var all = true;
                for (var k = 0; k < n && all; k++)
                {
                    var have = spans.AsSpan(entries[i + k].TokenAt, entries[i + k].TokenLength);
                    all = phrase.Prefix && k == n - 1 ? have.StartsWith(phrase.Tokens[k], StringComparison.Ordinal) : have.SequenceEqual(phrase.Tokens[k]);
                }
                if (all) instances.Add((i, i + n - 1));
            }
        }
        if (instances.Count == 0) return ranges;
        instances.Sort();
        // highlight()'s walk over the instances in order: one that starts within the current one extends it.
        var (first, last) = instances[0];
        foreach (var (f, l) in instances.Skip(1))
        {
            if (f <= last) { last = Math.Max(last, l); continue; }
            ranges.Add(Range(spans, entries, first, last));
            (first, last) = (f, l);
        }
        ranges.Add(Range(spans, entries, first, last));
        return ranges;
    }

    // Most fields of a page hold none of the query's tokens; one vectorised search of the spans text says so before any
    // entry is read. A token found inside a number or another token only sends the field to the full reading.
    private bool MayHold(string spans, bool title)
    {
        foreach (var phrase in _phrases)
            if ((title ? phrase.Title : phrase.Body) && spans.Contains(phrase.Tokens[0], StringComparison.Ordinal)) return true;
        return false;
    }

    private static MatchRange Range(string spans, List<Entry> entries, int first, int last)
    {
        var (start, _) = Place(spans, entries[first]);
        var (lastStart, lastLength) = Place(spans, entries[last]);
        return new(start, lastStart + lastLength - start);
    }

    private static (int Start, int Length) Place(string spans, Entry entry)
    {
        var numbers = spans.AsSpan(entry.At, entry.TokenAt - 1 - entry.At);
        var comma = numbers.IndexOf(',');
        return (int.Parse(numbers[..comma], NumberStyles.None, CultureInfo.InvariantCulture),
            int.Parse(numbers[(comma + 1)..], NumberStyles.None, CultureInfo.InvariantCulture));
    }

    private static void Read(string spans, List<Entry> entries)
    {
        entries.Clear();
        var at = 0;
        while (at < spans.Length)
        {
            var end = spans.IndexOf(' ', at);
            if (end < 0) end = spans.Length;
            var entry = spans.AsSpan(at, end - at);
            var comma = entry.IndexOf(',');
            var second = entry[(comma + 1)..].IndexOf(',') + comma + 1;
            entries.Add(new Entry(at, at + second + 1, end - at - second - 1));
            at = end + 1;
        }
    }

    /// <summary>
    /// What the index stores for a text FTS5 tokenized into <paramref name="ftsTokens"/>: each token as
    /// "start,length,token" (UTF-16 units of the text), space-separated; or null when our reading of where unicode61's
    /// tokens stand (runs of letters, numbers and private-use characters) does not give FTS5's count of them, or a token
    /// that does not begin as FTS5's does, so the row is marked the in-memory way instead.
    /// </summary>
    public static string? Spans(string text, string[] ftsTokens)
    {
        var builder = new StringBuilder();
        var count = 0;
        var at = 0;
        while (at < text.Length)
        {
            if (!IsTokenCharacter(text, at, out var width)) { at += width; continue; }
            var start = at;
            while (at < text.Length && IsTokenCharacter(text, at, out width)) at += width;
            if (count >= ftsTokens.Length) return null;
            var token = ftsTokens[count++];
            // Porter keeps a word's first letter, and unicode61 folds ASCII case only to lower: the same token, or not.
            if (token.Length == 0 || (char.IsAscii(text[start]) && char.ToLowerInvariant(text[start]) != token[0])) return null;
            if (builder.Length > 0) builder.Append(' ');
            builder.Append(start.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append((at - start).ToString(CultureInfo.InvariantCulture)).Append(',').Append(token);
        }
        return count == ftsTokens.Length ? builder.ToString() : null;
    }

    private static bool IsTokenCharacter(string text, int at, out int width)
    {
        if (!Rune.TryGetRuneAt(text, at, out var rune)) { width = 1; return false; }
        width = rune.Utf16SequenceLength;
        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
                or UnicodeCategory.PrivateUse => true,
            _ => false,
        };
    }

    /// <summary>The ranges highlight() marked (between U+E000 and U+E001), as places in the text without the marks.</summary>
    public static List<MatchRange> FromHighlight(string marked)
    {
        var ranges = new List<MatchRange>();
        var (at, start) = (0, -1);
        foreach (var c in marked)
        {
            if (c == MarkStart) start = at;
            else if (c == MarkEnd && start >= 0) { ranges.Add(new MatchRange(start, at - start)); start = -1; }
            else at++;
        }
        return ranges;
    }
}
