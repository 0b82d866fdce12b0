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
    string Match, IReadOnlyList<SearchEvidence> Evidence, int MoreEvidence);

/// <summary>A matching record about a hit: a figure, an event of a sample or reform, or a passage of a source.</summary>
/// <param name="Type">figure, milestone, honor or passage.</param>
/// <param name="Id">The record's public identifier.</param>
/// <param name="Title">Its title (a figure's indicator; a passage's source title).</param>
/// <param name="Url">The record in this API (a passage: its span of the source text).</param>
/// <param name="Detail">A figure's value as the text writes it (超300名); empty for other types.</param>
/// <param name="Score">Relevance, as a hit's score.</param>
/// <param name="Snippets">The matched fragments, title fields first.</param>
public sealed record SearchEvidence(string Type, string Id, Label Title, string Url, string Detail, double Score, IReadOnlyList<Snippet> Snippets);

/// <summary>
/// A fragment of one field around its matches. <c>marked</c> wraps each match in « and »;
/// <c>text</c> is the same fragment without markers, and <c>matches</c> give each match as a
/// UTF-16 offset and length into <c>text</c> (what JavaScript's String.slice takes), for clients
/// that render their own markup. <c>offset</c> is where <c>text</c> starts in the whole field.
/// </summary>
/// <param name="Field">title.zh, title.en, text.zh or text.en.</param>
/// <param name="Marked">The fragment with each match between « and ».</param>
/// <param name="Text">The fragment without markers.</param>
/// <param name="Offset">Where the fragment starts in the whole field (UTF-16).</param>
/// <param name="Matches">Each match as a UTF-16 start and length within Text.</param>
public sealed record Snippet(string Field, string Marked, string Text, int Offset, IReadOnlyList<MatchRange> Matches);

public sealed record MatchRange(int Start, int Length);

/// <summary>The request, validated: what the REST endpoint and the GraphQL field both pass to <see cref="SearchService"/>.</summary>
/// <remarks>Group: records first, their evidence beneath (false: every matching record in one flat list; a type filter is always flat).</remarks>
public sealed record SearchRequest(string Query, IReadOnlyList<string>? Types, string? Theme, string? Region, int? Sample, int? Year, int Limit, string? Cursor, bool Group = true);

/// <summary>A page of hits, with counts per type for the query under the other filters.</summary>
/// <param name="Items">The hits of this page, best first.</param>
/// <param name="Cursors">Each item's cursor, for GraphQL's edges (REST only gives the last one, as next).</param>
/// <param name="TotalCount">How many records match under every filter.</param>
/// <param name="NextCursor">The cursor of the next page; null on the last.</param>
/// <param name="TypeFacets">Hits per type under every filter but the type filter.</param>
public sealed record SearchResult(IReadOnlyList<SearchHit> Items, IReadOnlyList<Cursor> Cursors, int TotalCount, Cursor? NextCursor, IReadOnlyList<FacetCount> TypeFacets);

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
