using System.Globalization;
using GraphQL;
using GraphQL.Types;
using GraphQL.Types.Relay;
using GraphQL.Types.Relay.DataObjects;
using RuianSamples.Api.Common;
using RuianSamples.Api.Figures;
using RuianSamples.Api.GraphQL;
using RuianSamples.Api.Honors;
using RuianSamples.Api.Milestones;
using RuianSamples.Api.Reforms;
using RuianSamples.Api.Regions;
using RuianSamples.Api.Samples;
using RuianSamples.Api.Sources;

namespace RuianSamples.Api.Search;

/// <summary>GraphQL's search(query:, types:, first:, after:, filter:): the REST search through the same <see cref="SearchService"/>.</summary>
public static class SearchGraphQL
{
    public sealed record SearchEdge(SearchHit Hit, string Cursor);

    public sealed record SearchConnection(IReadOnlyList<SearchEdge> Edges, PageInfo PageInfo, int TotalCount, IReadOnlyList<FacetCount> TypeCounts,
        IReadOnlyList<AppliedFilter> Applied, IReadOnlyList<AppliedFilter> Relaxed, IReadOnlyList<SearchSuggestion> Suggestions);

    public static void AddSuggestField(this ObjectGraphType query) =>
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<SearchSuggestionGraphType>>>>("suggest")
            .Description("Titles of practice samples, reforms, regions and themes that complete or contain what was typed, from the first character (REST /api/v1/search/suggest).")
            .Argument<NonNullGraphType<StringGraphType>>("query", "What was typed so far (1-200 characters), e.g. 医 or chil.")
            .Argument<IntGraphType>("first", $"At most this many (1-{SearchService.MaxSuggestions}, default {SearchService.MaxSuggestions}).")
            .ResolveAsync(async c => await c.RequestServices!.GetRequiredService<SearchService>().SuggestAsync(
                c.GetArgument<string>("query"), Validate.Range("first", c.GetArgument<int?>("first"), 1, SearchService.MaxSuggestions) ?? SearchService.MaxSuggestions, "query"));

    public static void AddSearchField(this ObjectGraphType query) =>
        query.Field<NonNullGraphType<SearchConnectionGraphType>>("search")
            .Description("""
                Searches the whole catalog in Chinese or English, as REST /api/v1/search (same ranking, snippets, filters and messages).
                `query` is text, never syntax: several words must all match, "a quoted phrase" matches as a phrase. Hits come
                best first; each edge carries the score and highlighted snippets, its node the record itself.
                """)
            .Argument<NonNullGraphType<StringGraphType>>("query", "What to search for (1-200 characters), e.g. 医保 or financial commissioner.")
            .Argument<ListGraphType<NonNullGraphType<StringGraphType>>>("types", $"Only these types: {string.Join(", ", SearchIndexBuilder.Types)}. `typeCounts` still counts every type.")
            .Argument<IntGraphType>("first", "Page size, 1-100 (default 20).")
            .Argument<StringGraphType>("after", "Return the hits after this cursor (an `endCursor` or edge `cursor` from the previous page).")
            .Argument<SearchFilterGraphType>("filter", "Filters, as REST's query parameters (same names, rules and messages).")
            .Argument<BooleanGraphType>("literal", "true: search every word as text; false (default): a place, a year or 样本N in the query is read as a filter (listed in `applied`).")
            .Argument<BooleanGraphType>("group", "true (default): records first, each edge with its best matching evidence beneath (REST's group); false, or `types`: every matching record in one flat list.")
            .ResolveAsync(async c => await SearchAsync(c));

    private static async Task<SearchConnection> SearchAsync(IResolveFieldContext c)
    {
        var filter = c.GetArgument<ListFilterInput?>("filter") ?? new ListFilterInput();
        var first = Connections.First(c.GetArgument<int?>("first"));
        var request = new SearchRequest(
            c.GetArgument<string>("query"),
            c.GetArgument<List<string>?>("types"),
            filter.Theme,
            filter.Region,
            filter.Sample,
            Validate.Range("year", filter.Year, Filters.MinYear, Filters.MaxYear),
            first,
            c.GetArgument<string?>("after"),
            c.GetArgument<bool?>("group") ?? true,
            c.GetArgument<bool?>("literal") ?? false);
        var search = c.RequestServices!.GetRequiredService<SearchService>();
        var result = await search.SearchAsync(request, "query", "types", "after");
        var suggestions = result.TotalCount == 0 ? await search.NothingFoundAsync(request, result) : [];
        var edges = result.Items.Select((hit, i) => new SearchEdge(hit, result.Cursors[i].Encode())).ToList();
        return new SearchConnection(edges, new PageInfo
        {
            HasNextPage = result.NextCursor is not null,
            HasPreviousPage = false, // forward paging only (first/after)
            StartCursor = edges.FirstOrDefault()?.Cursor,
            EndCursor = edges.LastOrDefault()?.Cursor,
        }, result.TotalCount, result.TypeFacets, result.Applied, result.Relaxed, suggestions);
    }

    /// <summary>The record behind a hit, through this request's batch loaders: one statement per type, whatever the page size.</summary>
    internal static object? LoadRecord(IResolveFieldContext context, string type, string id)
    {
        var loaders = context.Loaders();
        return type switch
        {
            "sample" => loaders.Samples.Load(int.Parse(id, CultureInfo.InvariantCulture)),
            "reform" => loaders.ReformsBySlug.Load(id),
            "figure" => loaders.Figures.Load(id),
            "region" => loaders.Regions.Load(id),
            "milestone" => loaders.Milestones.Load(id).Then(m => m is null ? null : MilestoneDto.From(m)),
            "honor" => loaders.Honors.Load(id).Then(h => h is null ? null : HonorDto.From(h)),
            "source" => loaders.Sources.Load(id),
            _ => loaders.Passages.Load(id),
        };
    }
}

public sealed class SearchConnectionGraphType : ObjectGraphType<SearchGraphQL.SearchConnection>
{
    public SearchConnectionGraphType()
    {
        Name = "SearchConnection";
        Description = "A page of search hits, best first, with the counts per type for the same query.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SearchEdgeGraphType>>>>("edges").Description("The hits of this page.").Resolve(c => c.Source.Edges);
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Description("Whether another page follows, and the cursor to ask for it.").Resolve(c => c.Source.PageInfo);
        Field(x => x.TotalCount).Description("How many records match (under `types` and the filters).");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SearchTypeCountGraphType>>>>("typeCounts")
            .Description("Hits per type under the filters but not `types` (REST's facets.type), so a result page can offer the other types. Types without hits are left out.")
            .Resolve(c => c.Source.TypeCounts);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AppliedFilterGraphType>>>>("applied")
            .Description("Filters read from the words of the query (a place, a year, 样本N); `literal: true` searches every word as text instead.").Resolve(c => c.Source.Applied);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AppliedFilterGraphType>>>>("relaxed")
            .Description("Filters read from the query that would have left nothing, so were not applied: the rest of the query was searched unfiltered.").Resolve(c => c.Source.Relaxed);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SearchSuggestionGraphType>>>>("suggestions")
            .Description("When nothing matched: records whose titles hold what was typed, the query without its filter words, synonyms.").Resolve(c => c.Source.Suggestions);
    }
}

public sealed class AppliedFilterGraphType : ObjectGraphType<AppliedFilter>
{
    public AppliedFilterGraphType()
    {
        Name = "SearchAppliedFilter";
        Description = "A filter read from the words of the query.";
        Field(x => x.Filter).Description("region, year or sample: the filter argument it stands for.");
        Field(x => x.Value).Description("Its value (region slug, year, sample number).");
        Field(x => x.Text).Description("The words of the query it was read from (no longer searched as text).");
        Field<LabelGraphType>("label").Description("The region's name (regions only).").Resolve(c => c.Source.Label);
    }
}

public sealed class SearchSuggestionGraphType : ObjectGraphType<SearchSuggestion>
{
    public SearchSuggestionGraphType()
    {
        Name = "SearchSuggestion";
        Description = "Something to open or try: a record whose title holds what was typed, or another query.";
        Field(x => x.Kind).Description("record, without-filters (the query read as plain text) or synonym.");
        Field(x => x.Type, nullable: true).Description("The record's type (records): sample, reform, region or theme.");
        Field(x => x.Id, nullable: true).Description("The record's public identifier (records).");
        Field<NonNullGraphType<LabelGraphType>>("title").Description("The record's title, or the query to try.").Resolve(c => c.Source.Title);
        Field(x => x.Url).Description("The record in the REST API, or the search to run.");
    }
}

public sealed class SearchTypeCountGraphType : ObjectGraphType<FacetCount>
{
    public SearchTypeCountGraphType()
    {
        Name = "SearchTypeCount";
        Description = "How many hits of one type the query has.";
        Field<NonNullGraphType<StringGraphType>>("type").Description("sample, reform, figure, region, milestone, honor or passage.").Resolve(c => c.Source.Value);
        Field(x => x.Count).Description("The number of hits of this type.");
    }
}

public sealed class SearchEdgeGraphType : ObjectGraphType<SearchGraphQL.SearchEdge>
{
    public SearchEdgeGraphType()
    {
        Name = "SearchEdge";
        Description = "One hit: how well it matched, where, and the record itself.";
        Field(x => x.Cursor).Description("Pass as `after` to continue after this hit.");
        Field<NonNullGraphType<SearchNodeGraphType>>("node").Description("The record that matched (use inline fragments: ... on Reform { … }).")
            .Resolve(c => SearchGraphQL.LoadRecord(c, c.Source.Hit.Type, c.Source.Hit.Id));
        Field<NonNullGraphType<StringGraphType>>("type").Description("sample, reform, figure, region, milestone, honor, passage or source (REST's type).").Resolve(c => c.Source.Hit.Type);
        Field<NonNullGraphType<StringGraphType>>("key").Description("The record's public identifier, as REST's id (sample number, slug, figure key, or source-id-passage-number).")
            .Resolve(c => c.Source.Hit.Id);
        Field<NonNullGraphType<LabelGraphType>>("title").Description("The record's title (a passage: its source's title).").Resolve(c => c.Source.Hit.Title);
        Field<NonNullGraphType<StringGraphType>>("url").Description("The record in the REST API.").Resolve(c => c.Source.Hit.Url);
        Field<NonNullGraphType<StringGraphType>>("htmlUrl").Description("The record as a web page (milestones and honors have none: their REST URL).").Resolve(c => RuianSamples.Api.Site.SiteUrls.HtmlUrl(c.Source.Hit.Url));
        Field<NonNullGraphType<FloatGraphType>>("score").Description("Relevance (BM25, titles weighted 10): higher is better; comparable within one query only.")
            .Resolve(c => c.Source.Hit.Score);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SnippetGraphType>>>>("snippets").Description("The matched fragments of the record itself, title fields first (none when only its evidence matched).")
            .Resolve(c => c.Source.Hit.Snippets);
        Field<NonNullGraphType<StringGraphType>>("match").Description("Why it is here: name (the query is its name), record (its own title or text matches) or evidence (only records about it match). Flat results: record.")
            .Resolve(c => c.Source.Hit.Match);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SearchEvidenceGraphType>>>>("evidence")
            .Description($"Grouped results: the best matching records about this one (at most {SearchService.EvidenceShown}), best first.").Resolve(c => c.Source.Hit.Evidence);
        Field<NonNullGraphType<IntGraphType>>("moreEvidence").Description("Grouped results: how many further records about this one match.").Resolve(c => c.Source.Hit.MoreEvidence);
    }
}

public sealed class SearchEvidenceGraphType : ObjectGraphType<SearchEvidence>
{
    public SearchEvidenceGraphType()
    {
        Name = "SearchEvidence";
        Description = "A matching record about a hit: a figure (with its value), an event of a sample or reform, or a passage of a source.";
        Field<NonNullGraphType<StringGraphType>>("type").Description("figure, milestone, honor or passage.").Resolve(c => c.Source.Type);
        Field<NonNullGraphType<StringGraphType>>("key").Description("The record's public identifier (REST's id).").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<LabelGraphType>>("title").Description("Its title (a figure's indicator; a passage's source title).").Resolve(c => c.Source.Title);
        Field(x => x.Url).Description("The record in the REST API (a passage: its span of the source text).");
        Field(x => x.Detail).Description("A figure's value as the text writes it (超300名); empty for other types.");
        Field(x => x.Score).Description("Relevance, as a hit's score.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SnippetGraphType>>>>("snippets").Description("The matched fragments, title fields first.").Resolve(c => c.Source.Snippets);
        Field<NonNullGraphType<SearchNodeGraphType>>("node").Description("The record itself.").Resolve(c => SearchGraphQL.LoadRecord(c, c.Source.Type, c.Source.Id));
    }
}

public sealed class SnippetGraphType : ObjectGraphType<Snippet>
{
    public SnippetGraphType()
    {
        Name = "SearchSnippet";
        Description = "A fragment of one field around its matches: `marked` wraps each match in « and »; `text` is the same without markers and `matches` locates them in it.";
        Field(x => x.Field).Description("title.zh, title.en, text.zh or text.en.");
        Field(x => x.Marked).Description("The fragment with each match between « and ».");
        Field(x => x.Text).Description("The fragment without markers.");
        Field(x => x.Offset).Description("Where `text` starts in the whole field (UTF-16 code units).");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MatchRangeGraphType>>>>("matches").Description("Each match within `text`.").Resolve(c => c.Source.Matches);
    }
}

public sealed class MatchRangeGraphType : ObjectGraphType<MatchRange>
{
    public MatchRangeGraphType()
    {
        Name = "MatchRange";
        Description = "A match as a UTF-16 start and length within the snippet's `text` (what JavaScript's String.slice takes).";
        Field(x => x.Start).Description("UTF-16 offset of the match in `text`.");
        Field(x => x.Length).Description("UTF-16 length of the match.");
    }
}

/// <summary>What a search hit is.</summary>
public sealed class SearchNodeGraphType : UnionGraphType
{
    public SearchNodeGraphType()
    {
        Name = "SearchNode";
        Description = "A record search can find: a practice sample, reform, figure, region, milestone, honor, a source (grouped results), or a passage of a source text.";
        Type<SampleGraphType>();
        Type<ReformGraphType>();
        Type<FigureGraphType>();
        Type<RegionGraphType>();
        Type<MilestoneGraphType>();
        Type<HonorGraphType>();
        Type<SourcePassageGraphType>();
        Type<SourceGraphType>();
    }
}

/// <summary>A passage of a source text (search results only: text no record holds).</summary>
public sealed class SourcePassageGraphType : ObjectGraphType<SourcePassage>
{
    public const string TypeName = "SourcePassage";

    public SourcePassageGraphType()
    {
        Name = TypeName;
        Description = "A passage of a source text, as search cuts it: whole sentences, photo captions and run-in headlines removed.";
        Interface<NodeInterface>();
        IsTypeOf = o => o is SourcePassage;
        Field<NonNullGraphType<IdGraphType>>("id").Description("Global ID (Node).").Resolve(c => GlobalId.Encode(TypeName, c.Source.Key));
        Field(x => x.Key).Description("source-id-passage-number, as REST search's id.");
        Field<NonNullGraphType<IntGraphType>>("number").Description("The passage's position in its source, from 1.").Resolve(c => c.Source.Number);
        Field(x => x.Text).Description("The passage, as the source has it (Chinese).");
        Field<NonNullGraphType<SourceGraphType>>("source").Description("The source it is taken from.").Resolve(c => c.Loaders().Sources.Load(c.Source.SourceId));
        Field(x => x.Url).Description("The passage in REST: the source text at its offset and length.");
    }
}

public sealed class SearchFilterGraphType : ListFilterGraphType
{
    public SearchFilterGraphType()
    {
        Name = "SearchFilter";
        Description = "Filters for search, as REST /api/v1/search.";
        Theme(); Region(); Sample();
        Field(x => x.Year, nullable: true).Description("Records of this year (1900-2100): reforms by start year, figures, milestones and honors by theirs.");
    }
}
