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

    // Tokens as UTF-8: the stored spans are read as SQLite holds them, never made into strings.
    private sealed record Phrase(byte[][] Tokens, bool Prefix, bool Title, bool Body);

    private readonly Phrase[] _phrases;

    private EnglishMarks(Phrase[] phrases) => _phrases = phrases;

    /// <summary>The marks of a MATCH expression that <see cref="SearchService.BuildMatch"/> wrote, or null when a phrase's instances are not all marked (an AND beneath an OR).</summary>
    public static EnglishMarks? For(string match)
    {
        var tree = Fts5Match.Parse(match);
        if (!EveryInstanceCounts(tree, underOr: false)) return null;
        var phrases = tree.Phrases()
            .Select(p => new Phrase(Fts5Text.Of(p.Text).Select(Encoding.UTF8.GetBytes).ToArray(), p.Prefix, p.Columns.Contains("en_title"), p.Columns.Contains("en_body")))
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

    [ThreadStatic] private static List<(Entry First, Entry Last)>? t_instances;
    [ThreadStatic] private static List<MatchRange>? t_ranges;

    // An entry of the stored spans: where "start,length,token" begins, and where its token stands in the spans text.
    // Start and length are read only for the tokens a mark begins or ends on.
    private readonly record struct Entry(int At, int TokenAt, int TokenLength);

    /// <summary>The marks in a row's English title (<paramref name="title"/>) or body, from its stored spans: ranges of the text, in order, apart.</summary>
    public MatchRange[] Find(ReadOnlySpan<byte> spans, bool title)
    {
        // No marks: the one shared empty list (never added to: the highlighter only reads and sorts what it is given).
        if (spans.Length == 0) return SearchQueries.NoRanges;
        // Each phrase's first token is looked for in the spans text itself (one vectorised search per phrase, and most
        // fields of a page hold none or one instance); only the entries that follow an instance are read. Reading every
        // entry of every field was a twentieth of an English page's CPU at 10^5 records.
        // One list per thread, emptied for each field (Find runs to its end on the thread that called it).
        var instances = t_instances ??= [];
        instances.Clear();
        foreach (var phrase in _phrases)
        {
            if (!(title ? phrase.Title : phrase.Body)) continue;
            var n = phrase.Tokens.Length;
            var head = phrase.Tokens[0];
            for (var at = spans.IndexOf(head); at >= 0; at = IndexOf(spans, head, at + 1))
            {
                if (TokenEntry(spans, at) is not { } entry || !Equal(spans, entry, head, phrase.Prefix && n == 1)) continue;
                var (last, whole) = (entry, true);
                for (var k = 1; k < n && whole; k++)
                    if (Next(spans, last) is { } next && Equal(spans, next, phrase.Tokens[k], phrase.Prefix && k == n - 1)) last = next;
                    else whole = false;
                if (whole) instances.Add((entry, last));
            }
        }
        if (instances.Count == 0) return SearchQueries.NoRanges;
        // The ranges are gathered in a list kept per thread too, and returned as an array of their number (one object a field).
        var ranges = t_ranges ??= [];
        ranges.Clear();
        // Entries stand in token order, so their places order and join instances as token numbers would.
        instances.Sort(static (a, b) => a.First.At != b.First.At ? a.First.At.CompareTo(b.First.At) : a.Last.At.CompareTo(b.Last.At));
        // highlight()'s walk over the instances in order: one that starts within the current one extends it.
        var (first, end) = instances[0];
        for (var i = 1; i < instances.Count; i++)
        {
            var (f, l) = instances[i];
            if (f.At <= end.At) { if (l.At > end.At) end = l; continue; }
            ranges.Add(Range(spans, first, end));
            (first, end) = (f, l);
        }
        ranges.Add(Range(spans, first, end));
        return ranges.ToArray();
    }

    // The entry whose token begins at spans[at], or null where that place is inside a number (an entry is
    // "start,length,token": a token follows the entry's second comma and holds neither commas nor spaces).
    private static Entry? TokenEntry(ReadOnlySpan<byte> spans, int at)
    {
        if (at == 0 || spans[at - 1] != (byte)',') return null;
        var entryAt = spans[..at].LastIndexOf((byte)' ') + 1;
        if (spans[entryAt..at].Count((byte)',') != 2) return null;
        var end = IndexOf(spans, (byte)' ', at);
        return new Entry(entryAt, at, (end < 0 ? spans.Length : end) - at);
    }

    private static int IndexOf(ReadOnlySpan<byte> spans, ReadOnlySpan<byte> value, int from) =>
        spans[from..].IndexOf(value) is var i and >= 0 ? i + from : -1;

    private static int IndexOf(ReadOnlySpan<byte> spans, byte value, int from) =>
        spans[from..].IndexOf(value) is var i and >= 0 ? i + from : -1;

    // The entry after this one, if any.
    private static Entry? Next(ReadOnlySpan<byte> spans, Entry entry)
    {
        var at = entry.TokenAt + entry.TokenLength + 1;
        if (at >= spans.Length) return null;
        var second = spans[at..].IndexOf((byte)',');
        second = spans[(at + second + 1)..].IndexOf((byte)',') + at + second + 1;
        var end = IndexOf(spans, (byte)' ', second + 1);
        return new Entry(at, second + 1, (end < 0 ? spans.Length : end) - second - 1);
    }

    private static bool Equal(ReadOnlySpan<byte> spans, Entry entry, ReadOnlySpan<byte> token, bool prefix)
    {
        var have = spans.Slice(entry.TokenAt, entry.TokenLength);
        return prefix ? have.StartsWith(token) : have.SequenceEqual(token);
    }

    private static MatchRange Range(ReadOnlySpan<byte> spans, Entry first, Entry last)
    {
        var (start, _) = Place(spans, first);
        var (lastStart, lastLength) = Place(spans, last);
        return new(start, lastStart + lastLength - start);
    }

    private static (int Start, int Length) Place(ReadOnlySpan<byte> spans, Entry entry)
    {
        var numbers = spans.Slice(entry.At, entry.TokenAt - 1 - entry.At);
        var comma = numbers.IndexOf((byte)',');
        return (int.Parse(numbers[..comma], NumberStyles.None, CultureInfo.InvariantCulture),
            int.Parse(numbers[(comma + 1)..], NumberStyles.None, CultureInfo.InvariantCulture));
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
