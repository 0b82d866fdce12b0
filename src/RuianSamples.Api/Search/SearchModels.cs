using System.Text.Json;
using RuianSamples.Api.Common;

namespace RuianSamples.Api.Search;

/// <summary>One search hit: what it is, where it lives, how well it matched, and the matched text.</summary>
/// <param name="Type">sample, reform, figure, region, milestone, honor, passage (a passage of a source text) or source (grouped results only: a source whose passages matched).</param>
/// <param name="Id">The record's public identifier (sample number, slug, figure key, source id, or source-id-passage-number).</param>
/// <param name="Title">The record's title in Chinese and English (English is our translation).</param>
/// <param name="Url">The record in this API.</param>
/// <param name="Score">Relevance (BM25, titles weighted 10, times a prior per type): higher is better; comparable within one query and one `match` kind only.</param>
/// <param name="Snippets">The matched fragments of the record itself, title fields first (none when only its evidence matched).</param>
/// <param name="Match">Why it is here (grouped results): name (the query is its name), record (its own title or text matches), evidence (only records about it match: figures, events, passages). Flat results: record.</param>
/// <param name="Evidence">Grouped results: the best matching records about this one (a figure with its value, a passage with the highlight), best first.</param>
/// <param name="MoreEvidence">Grouped results: how many further records about this one match.</param>
public sealed record SearchHit(string Type, string Id, Label Title, string Url, double Score, IReadOnlyList<Snippet> Snippets,
    string Match, IReadOnlyList<SearchEvidence> Evidence, int MoreEvidence)
{
    /// <summary>The record as a web page (milestones and honors have none: their REST URL).</summary>
    public string HtmlUrl => Site.SiteUrls.HtmlUrl(Url);

    /// <summary>Its id, title and URLs as the writer encodes them, when made from a kept page row (<see cref="RowJson"/>).</summary>
    internal EncodedHead? Head { get; init; }
}

/// <summary>A matching record about a hit: a figure, an event of a sample or reform, or a passage of a source.</summary>
/// <param name="Type">figure, milestone, honor or passage.</param>
/// <param name="Id">The record's public identifier.</param>
/// <param name="Title">Its title (a figure's indicator; a passage's source title).</param>
/// <param name="Url">The record in this API (a passage: its span of the source text).</param>
/// <param name="Detail">A figure's value as the text writes it (超300名); empty for other types.</param>
/// <param name="Score">Relevance, as a hit's score.</param>
/// <param name="Snippets">The matched fragments, title fields first.</param>
public sealed record SearchEvidence(string Type, string Id, Label Title, string Url, string Detail, double Score, IReadOnlyList<Snippet> Snippets)
{
    /// <summary>Its id, title and URL as the writer encodes them, when made from a kept page row (<see cref="RowJson"/>).</summary>
    internal EncodedHead? Head { get; init; }
}

/// <summary>
/// A fragment of one field around its matches. <c>marked</c> wraps each match in « and »;
/// <c>text</c> is the same fragment without markers, and <c>matches</c> give each match as a
/// UTF-16 offset and length into <c>text</c> (what JavaScript's String.slice takes), for clients
/// that render their own markup. <c>offset</c> is where <c>text</c> starts in the whole field.
/// </summary>
/// <remarks>
/// A place in the field's text, its strings made only when asked for: the search page's JSON writes the fragment and
/// its marks from the field itself (<see cref="SearchJson"/>), and every uncached page cuts a snippet or more per hit.
/// </remarks>
public sealed class Snippet
{
    private readonly string _source;
    private readonly int _start, _length;
    private readonly EncodedField? _encodedWhole;
    private string? _marked;

    /// <summary>A fragment of <paramref name="source"/> (the field's text), <paramref name="length"/> long from <paramref name="offset"/>.</summary>
    public Snippet(string field, string source, int offset, int length, IReadOnlyList<MatchRange> matches)
    {
        (Field, _source, _start, _length, Offset, Matches) = (field, source, offset, length, offset, matches);
    }

    /// <summary>
    /// A fragment of a kept row's field: <paramref name="plain"/> when the encoder escapes nothing in the field (the page
    /// writes the fragment's UTF-8 bytes), <paramref name="encodedWhole"/> the field as the writer encodes it.
    /// </summary>
    internal Snippet(string field, string source, int offset, int length, IReadOnlyList<MatchRange> matches, bool plain, EncodedField? encodedWhole)
        : this(field, source, offset, length, matches)
    {
        (Plain, _encodedWhole) = (plain, encodedWhole);
    }

    /// <summary>A fragment as written in a page (what a client reads back).</summary>
    [System.Text.Json.Serialization.JsonConstructor]
    public Snippet(string field, string marked, string text, int offset, IReadOnlyList<MatchRange> matches)
    {
        (Field, _marked, _source, _start, _length, Offset, Matches) = (field, marked, text, 0, text.Length, offset, matches);
    }

    /// <summary>title.zh, title.en, text.zh or text.en.</summary>
    public string Field { get; }

    /// <summary>The fragment with each match between « and ».</summary>
    public string Marked => _marked ??= string.Create(_length + Matches.Count * 2, this, static (destination, snippet) =>
    {
        var to = 0;
        foreach (var (part, isMatch) in snippet.Parts())
        {
            if (isMatch) destination[to++] = '«';
            part.CopyTo(destination[to..]);
            to += part.Length;
            if (isMatch) destination[to++] = '»';
        }
    });

    /// <summary>The fragment without markers.</summary>
    public string Text => _start == 0 && _length == _source.Length ? _source : _source.Substring(_start, _length);

    /// <summary>Where the fragment starts in the whole field (UTF-16).</summary>
    public int Offset { get; }

    /// <summary>Each match as a UTF-16 start and length within Text.</summary>
    public IReadOnlyList<MatchRange> Matches { get; }

    /// <summary>Whether the encoder escapes nothing in the field this fragment is cut from (known for kept rows only).</summary>
    internal bool Plain { get; }

    /// <summary>The whole field as the writer encodes it, for a kept row's field; the fragment's text when it is the whole field.</summary>
    internal JsonEncodedText? EncodedText => _encodedWhole is { } whole && _start == 0 && _length == _source.Length ? whole.Value : null;

    /// <summary>The marked fragment when it was given or already made; otherwise null (write <see cref="Parts"/>).</summary>
    internal string? MarkedIfMade => _marked;

    /// <summary>The fragment, without copying it.</summary>
    public ReadOnlySpan<char> TextSpan() => _source.AsSpan(_start, _length);

    /// <summary>The fragment in order, as the parts between the matches and the matches themselves.</summary>
    public PartEnumerator Parts() => new(this);

    /// <summary>A part of the fragment: text between matches, or a match.</summary>
    public readonly ref struct Part(ReadOnlySpan<char> text, bool isMatch)
    {
        public ReadOnlySpan<char> Text { get; } = text;
        public bool IsMatch { get; } = isMatch;

        public void Deconstruct(out ReadOnlySpan<char> text, out bool isMatch)
        {
            text = Text;
            isMatch = IsMatch;
        }
    }

    public ref struct PartEnumerator(Snippet snippet)
    {
        private int _match, _at;
        private bool _inMatch;

        public Part Current { get; private set; }

        public readonly PartEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            var text = snippet.TextSpan();
            while (true)
            {
                if (_inMatch)
                {
                    var r = snippet.Matches[_match++];
                    Current = new(text.Slice(r.Start, r.Length), true);
                    _at = r.Start + r.Length;
                    _inMatch = false;
                    return true;
                }
                if (_match < snippet.Matches.Count)
                {
                    _inMatch = true;
                    var before = snippet.Matches[_match].Start - _at;
                    if (before == 0) continue;
                    Current = new(text.Slice(_at, before), false);
                    return true;
                }
                if (_at > text.Length) return false;
                Current = new(text[_at..], false);
                _at = text.Length + 1;
                return true;
            }
        }
    }
}

public readonly record struct MatchRange(int Start, int Length);

/// <summary>The request, validated: what the REST endpoint and the GraphQL field both pass to <see cref="SearchService"/>.</summary>
/// <remarks>Literal: search every word as text (no place, year or sample read from the query). Group: records first, their evidence beneath (false: every matching record in one flat list; a type filter is always flat).</remarks>
public sealed record SearchRequest(string Query, IReadOnlyList<string>? Types, string? Theme, string? Region, int? Sample, int? Year, int Limit, string? Cursor, bool Group = true, bool Literal = false);

/// <summary>A page of hits, with counts per type for the query under the other filters.</summary>
/// <param name="Items">The hits of this page, best first.</param>
/// <param name="Cursors">Each item's cursor, for GraphQL's edges (REST only gives the last one, as next).</param>
/// <param name="TotalCount">How many records match under every filter.</param>
/// <param name="NextCursor">The cursor of the next page; null on the last.</param>
/// <param name="TypeFacets">Hits per type under every filter but the type filter.</param>
public sealed record SearchResult(IReadOnlyList<SearchHit> Items, IReadOnlyList<Cursor> Cursors, int TotalCount, Cursor? NextCursor, IReadOnlyList<FacetCount> TypeFacets)
{
    /// <summary>Filters read from the words of the query (place, year, sample).</summary>
    public IReadOnlyList<AppliedFilter> Applied { get; init; } = [];

    /// <summary>Filters read from the query that would have left nothing, so were not applied (their words are still not searched).</summary>
    public IReadOnlyList<AppliedFilter> Relaxed { get; init; } = [];

    /// <summary>When nothing matched: what to try instead.</summary>
    public IReadOnlyList<SearchSuggestion> Suggestions { get; init; } = [];
}

/// <summary>Something to try or open instead: a record whose title holds what was typed, or another query.</summary>
/// <param name="Kind">record (a sample, reform, region or theme whose title completes or contains the text), without-filters (the query read as plain text), synonym (the same thing in the other language or other words).</param>
/// <param name="Type">The record's type (record suggestions): sample, reform, region or theme.</param>
/// <param name="Id">The record's public identifier (record suggestions).</param>
/// <param name="Title">The record's title, or the query to try, in Chinese and English.</param>
/// <param name="Url">The record in this API, or the search to run.</param>
public sealed record SearchSuggestion(string Kind, string? Type, string? Id, Label Title, string Url);

/// <summary>A search page: REST's list page plus what was read from the query and, when nothing matched, suggestions.</summary>
/// <param name="Items">The hits of this page, best first.</param>
/// <param name="TotalCount">How many hits there are (grouped: subjects; flat: records) under every filter.</param>
/// <param name="Limit">The page size.</param>
/// <param name="Next">The cursor of the next page; null on the last.</param>
/// <param name="Links">This page and the next.</param>
/// <param name="Facets">facets.type: matching records per type under every filter but type.</param>
/// <param name="Applied">Filters read from the words of the query (a place, a year, 样本N). Each is removed with literal=true, which searches every word as text.</param>
/// <param name="Relaxed">Filters read from the query that would have left nothing, so were not applied: the rest of the query was searched unfiltered (2021 托育 when no childcare record is of 2021).</param>
/// <param name="Suggestions">When nothing matched: records whose titles hold what was typed, the query without its filter words, synonyms.</param>
public sealed record SearchResultsPage(IReadOnlyList<SearchHit> Items, int TotalCount, int Limit, string? Next, PageLinks Links,
    IReadOnlyDictionary<string, IReadOnlyList<FacetCount>>? Facets, IReadOnlyList<AppliedFilter> Applied, IReadOnlyList<AppliedFilter> Relaxed, IReadOnlyList<SearchSuggestion> Suggestions);

/// <summary>
/// A passage of a source text, as the search index cuts it (whole sentences, captions removed): the
/// search result type for text that belongs to no record. Key is "{sourceId}-{n}", n counting from 1.
/// </summary>
public sealed class SourcePassage
{
    public string Key { get; init; } = "";
    public string Text { get; init; } = "";
    public string Url { get; init; } = "";
    public string SourceId => Key[..Key.LastIndexOf('-')];
    public int Number => int.Parse(Key[(Key.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// Each item's cursor, made when asked for: only GraphQL's edges read them (REST gives the next page's alone), and a
/// cursor's key is a formatted rank per hit.
/// </summary>
public sealed class CursorList(int count, Func<int, Cursor> cursorAt) : IReadOnlyList<Cursor>
{
    public Cursor this[int index] => (uint)index < (uint)count ? cursorAt(index) : throw new ArgumentOutOfRangeException(nameof(index));
    public int Count => count;
    public IEnumerator<Cursor> GetEnumerator()
    {
        for (var i = 0; i < count; i++) yield return cursorAt(i);
    }
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
