using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using RuianSamples.Api.Common;
using RuianSamples.Api.Data;
using RuianSamples.Api.Regions;

namespace RuianSamples.Api.Search;

/// <summary>
/// Search for REST and GraphQL alike: validates the request, reads what the user typed as text
/// (never as FTS5 syntax), builds the MATCH expression from analysed tokens, and assembles hits
/// with highlighted snippets.
/// </summary>
public sealed class SearchService(SearchQueries queries, RegionQueries regions, Vocabulary vocabulary, VersionedCache cache)
{
    public const int MaxQueryLength = 200;

    private const string ZhBigramColumns = "{zh_title_bi zh_body_bi}";
    private const string ZhUnigramColumns = "{zh_title_uni zh_body_uni}";
    private const string WordColumns = "{zh_title_bi zh_body_bi en_title en_body}";

    // Dropped from unquoted queries (several words are ANDed, and these say nothing); kept inside quotes.
    private static readonly HashSet<string> StopWords =
        ["a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of", "on", "or", "the", "to", "with", "not", "near"];

    private static readonly HashSet<char> QuoteMarks = ['"', '“', '”', '「', '」', '『', '』', '＂'];

    public enum TermKind { Cjk, Word, WordPhrase, MixedPhrase, AnyOf, Prefix }

    /// <summary>One AND-ed part of a query: a CJK run, a word, a quoted phrase of several pieces, or (AnyOf) words with their synonyms.</summary>
    public sealed record Term(TermKind Kind, IReadOnlyList<SearchAnalyzer.Piece> Pieces, IReadOnlyList<IReadOnlyList<Term>>? Alternatives = null);

    /// <summary>Words of the synonym list become AnyOf terms: the words as typed, or any of their alternatives.</summary>
    public static IReadOnlyList<Term> WithSynonyms(IReadOnlyList<Term> terms)
    {
        var result = new List<Term>();
        for (var i = 0; i < terms.Count; i++)
        {
            var replaced = false;
            foreach (var width in new[] { 2, 1 })
            {
                if (i + width > terms.Count || terms.Skip(i).Take(width).Any(t => t.Kind is not (TermKind.Word or TermKind.Cjk))) continue;
                var key = string.Join(' ', terms.Skip(i).Take(width).Select(t => SearchAnalyzer.Joined(t.Pieces[0].Text)));
                if (!QueryUnderstanding.Synonyms.TryGetValue(key, out var alternatives)) continue;
                var typed = terms.Skip(i).Take(width).ToList();
                var options = alternatives.Select(a => Parse(a)).Where(a => a.Count > 0).Prepend(typed).ToList();
                result.Add(new Term(TermKind.AnyOf, options.SelectMany(o => o.SelectMany(t => t.Pieces)).ToList(), options));
                i += width - 1;
                replaced = true;
                break;
            }
            if (!replaced) result.Add(terms[i]);
        }
        return result;
    }

    /// <summary>Reads a query as text. Quotes (straight, curly or 「」) delimit phrases; everything else that is not a letter or digit separates words.</summary>
    public static IReadOnlyList<Term> Parse(string query)
    {
        var text = SearchAnalyzer.Clean(query);
        var quoteCount = text.Count(QuoteMarks.Contains);
        var terms = new List<Term>();
        var segment = new StringBuilder();
        var inQuotes = false;
        var quotesSeen = 0;

        void Close()
        {
            var pieces = SearchAnalyzer.Pieces(segment.ToString());
            segment.Clear();
            if (pieces.Count == 0) return;
            if (!inQuotes)
            {
                for (var i = 0; i < pieces.Count; i++)
                {
                    var p = pieces[i];
                    // 110家城市书房: the unit after a number is a word of its own (the text may say 城市书房超110家).
                    if (p.IsCjk && i > 0 && pieces[i - 1] is var number && number.Text.All(char.IsAsciiDigit) && number.Start + number.Text.Length == p.Start
                        && SearchAnalyzer.SplitUnit(p.Text) is { } split)
                    {
                        terms.Add(new Term(TermKind.Cjk, [p with { Text = split.Unit }]));
                        terms.Add(new Term(TermKind.Cjk, [p with { Text = split.Remainder, Start = p.Start + split.Unit.Length }]));
                        continue;
                    }
                    terms.Add(new Term(p.IsCjk ? TermKind.Cjk : TermKind.Word, [p]));
                }
                return;
            }
            // Inside a phrase, space between two CJK runs is layout, as in the catalog's normalisation.
            var merged = new List<SearchAnalyzer.Piece>();
            foreach (var p in pieces)
                if (merged.Count > 0 && p.IsCjk && merged[^1].IsCjk && p.SpaceBefore)
                    merged[^1] = merged[^1] with { Text = merged[^1].Text + p.Text };
                else merged.Add(p);
            if (merged.Count == 1) terms.Add(new Term(merged[0].IsCjk ? TermKind.Cjk : TermKind.Word, merged));
            else terms.Add(new Term(merged.All(p => !p.IsCjk) ? TermKind.WordPhrase : TermKind.MixedPhrase, merged));
        }

        foreach (var c in text)
        {
            // An unpaired last quote mark is just a separator.
            if (QuoteMarks.Contains(c) && (inQuotes || quotesSeen < quoteCount - quoteCount % 2))
            {
                Close();
                inQuotes = !inQuotes;
                quotesSeen++;
                continue;
            }
            segment.Append(QuoteMarks.Contains(c) ? ' ' : c);
        }
        Close();

        var meaningful = terms.Where(t => !(t.Kind == TermKind.Word && StopWords.Contains(SearchAnalyzer.Joined(t.Pieces[0].Text)))).ToList();
        return meaningful.Count > 0 ? meaningful : terms;
    }

    /// <summary>The FTS5 MATCH expression: every term is a quoted string of analysed tokens, the terms ANDed.</summary>
    public static string BuildMatch(IReadOnlyList<Term> terms, IReadOnlyDictionary<string, string> aliases)
    {
        static string Quoted(string tokens) => "\"" + tokens.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        string WordTokens(string word) => SearchAnalyzer.Split(word) ?? aliases.GetValueOrDefault(SearchAnalyzer.Joined(word)) ?? SearchAnalyzer.Joined(word);
        string CjkTokens(string run) => string.Join(' ', SearchAnalyzer.Bigrams(run));

        return string.Join(" AND ", terms.Select(term => term.Kind switch
        {
            TermKind.Prefix => $"{WordColumns} : {Quoted(term.Pieces[0].Text)} *",
            TermKind.AnyOf => "(" + string.Join(" OR ", term.Alternatives!.Select(a => "(" + BuildMatch(a, aliases) + ")")) + ")",
            TermKind.Cjk when SearchAnalyzer.Characters(term.Pieces[0].Text).Count == 1 => $"{ZhUnigramColumns} : {Quoted(term.Pieces[0].Text)}",
            TermKind.Cjk => $"{ZhBigramColumns} : {Quoted(CjkTokens(term.Pieces[0].Text))}",
            // Rui'an and Ruian are one name: the joined token or the apostrophe-split phrase.
            TermKind.Word when WordTokens(term.Pieces[0].Text) is var split && split != SearchAnalyzer.Joined(term.Pieces[0].Text) =>
                $"{WordColumns} : ({Quoted(SearchAnalyzer.Joined(term.Pieces[0].Text))} OR {Quoted(split)})",
            TermKind.Word => $"{WordColumns} : {Quoted(SearchAnalyzer.Joined(term.Pieces[0].Text))}",
            TermKind.WordPhrase => $"{WordColumns} : {Quoted(string.Join(' ', term.Pieces.Select(p => WordTokens(p.Text))))}",
            _ => $"{ZhBigramColumns} : {Quoted(string.Join(' ', term.Pieces.Select(p => p.IsCjk ? CjkTokens(p.Text) : SearchAnalyzer.Joined(p.Text))))}",
        }));
    }

    /// <summary>Validates the request the same way for REST and GraphQL; mistakes are <see cref="ApiInputException"/> naming the parameter.</summary>
    public async Task<SearchResult> SearchAsync(SearchRequest request, string queryParameter = "q", string typeParameter = "type", string cursorParameter = "cursor")
    {
        if (string.IsNullOrWhiteSpace(request.Query))
            throw new ApiInputException("invalid-parameter", queryParameter, "Give the text to search for, e.g. 医保 or financial commissioner.");
        if (request.Query.EnumerateRunes().Count() > MaxQueryLength)
            throw new ApiInputException("invalid-parameter", queryParameter, $"At most {MaxQueryLength} characters.");
        foreach (var type in request.Types ?? [])
            Validate.OneOf(typeParameter, type, SearchIndexBuilder.Types);
        Filters.Theme("theme", request.Theme, vocabulary);
        Filters.Sample("sample", request.Sample);

        // How a query is read depends only on its words, its filters and the dataset version, never on the page asked
        // for: the reading is kept per dataset version (only readings that succeeded), and each request pages from it.
        var types = request.Types is { Count: > 0 } ? request.Types.Distinct().Order(StringComparer.Ordinal).ToList() : null;
        var key = new ReadingKey(request.Query, types is null ? null : string.Join(',', types), request.Theme, request.Region, request.Sample, request.Year, request.Group, request.Literal);
        var reading = await cache.GetOrAddAsync(key, () => ReadAsync(request, types));
        var cursor = Cursor.Decode(request.Cursor, reading.Fingerprint, cursorParameter);
        if (reading is Answered answered) return answered.Result;
        var read = (Read)reading;

        if (read.Grouped)
            return (await GroupedAsync(read.Match, read.TitleKey, read.ValueKeys, read.Filter, request.Limit, cursor, read.Fingerprint, read.Highlighter, read.TypeFacets, read.English))
                with { Applied = read.Applied, Relaxed = read.Relaxed };

        double? afterRank = cursor?.Key is { } rankKey && double.TryParse(rankKey, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) ? r : null;
        var rows = Slice(await queries.RankedAsync(read.Match, read.TitleKey, read.Filter), afterRank, cursor?.Id ?? 0, request.Limit + 1)
            ?? await queries.MatchAsync(read.Match, read.TitleKey, read.Filter, afterRank, cursor?.Id ?? 0, request.Limit + 1);
        var page = rows.Take(request.Limit).ToList();
        var (docs, _) = await queries.PageAsync(page.Select(p => p.Id).ToList(), [], read.English);
        var found = page.Where(p => docs.ContainsKey(p.Id)).ToList();
        var hits = found.Select(p => read.Highlighter.Hit(docs[p.Id], p.Rank)).ToList();
        var fingerprint = read.Fingerprint;
        var cursors = new CursorList(found.Count, i => new Cursor(found[i].Rank.ToString("R", CultureInfo.InvariantCulture), found[i].Id, fingerprint));
        var next = rows.Count > request.Limit ? new Cursor(page[^1].Rank.ToString("R", CultureInfo.InvariantCulture), page[^1].Id, fingerprint) : null;

        var total = read.TypeFacets.Where(f => types is null || types.Contains(f.Value)).Sum(f => f.Count);
        return new SearchResult(hits, cursors, total, next, read.TypeFacets) { Applied = read.Applied, Relaxed = read.Relaxed };
    }

    /// <summary>What a reading of a query is kept under: everything in the request but its page (limit, cursor).</summary>
    private readonly record struct ReadingKey(string Query, string? Types, string? Theme, string? Region, int? Sample, int? Year, bool Group, bool Literal);

    /// <summary>A query as read, with the fingerprint its cursors carry.</summary>
    private abstract record Reading(string Fingerprint);

    /// <summary>A query that names a sample and nothing else, or holds nothing searchable: the whole answer.</summary>
    private sealed record Answered(string Fingerprint, SearchResult Result) : Reading(Fingerprint);

    /// <summary>A query to page through: its terms' MATCH, filters (given and read from the words), facets and highlighter.</summary>
    private sealed record Read(
        string Fingerprint, bool Grouped, string Match, string TitleKey, IReadOnlyList<string> ValueKeys, SearchQueries.Filter Filter,
        IReadOnlyList<FacetCount> TypeFacets, Highlighter Highlighter, SearchQueries.EnglishHighlight? English,
        IReadOnlyList<AppliedFilter> Applied, IReadOnlyList<AppliedFilter> Relaxed) : Reading(Fingerprint);

    private async Task<Reading> ReadAsync(SearchRequest request, List<string>? types)
    {
        var region = await regions.ResolveFilterAsync("region", request.Region);

        // The catalog is in simplified characters: a traditional query (醫保) is read as simplified.
        var parsed = Parse(QueryUnderstanding.ToSimplified(request.Query));
        var understood = request.Literal
            ? new QueryUnderstanding.Understood(parsed, null, null, null, [])
            : QueryUnderstanding.Read(parsed, await RegionNamesAsync(), request.Sample is not null, request.Year is not null, request.Region is not null);
        var (spelled, corrections) = request.Literal ? (understood.Terms, []) : await CorrectSpellingAsync(understood.Terms);
        var terms = WithSynonyms(spelled);
        var sample = request.Sample ?? understood.Sample;
        var year = request.Year ?? understood.Year;
        // A place read from the query keeps that place, its towns, and the places that contain it (a Wenzhou-wide
        // programme is Rui'an's too); the region parameter is strict.
        var placeRegion = understood.RegionSlug is null ? null : await regions.ResolveFilterAsync("q", understood.RegionSlug);
        var regionPath = region?.Path ?? placeRegion?.Path;
        var ancestors = placeRegion is null ? null : Json.Array(Ancestors(placeRegion.Path).Select(p => $"region:{p}"));
        // A type filter asks for records of those types: a flat list.
        var grouped = request.Group && types is null;
        string Fingerprint() => Cursor.FingerprintOf(grouped ? "search-grouped" : "search", Describe(terms), types is null ? null : string.Join(',', types), request.Theme, regionPath, ancestors, sample, year);
        var applied = understood.Applied.Concat(corrections).ToList();
        // The query names a practice sample and nothing else: that sample.
        if (terms.Count == 0 && understood.Sample is { } named)
        {
            var subject = (await queries.SubjectsAsync([$"sample:{named.ToString(CultureInfo.InvariantCulture)}"])).Values.Single();
            var hit = new SearchHit(subject.Type, subject.Key, new Label(subject.TitleZh, subject.TitleEn), subject.Url, 1, [], "name", [], 0);
            return new Answered(Fingerprint(), new SearchResult([hit], [new Cursor("", 0, Fingerprint())], 1, null, [new FacetCount("sample", null, 1)]) { Applied = applied });
        }
        // Nothing searchable in it (only punctuation, say): a query that matches nothing.
        if (terms.Count == 0)
            return new Answered(Fingerprint(), new SearchResult([], [], 0, null, []) { Applied = applied });

        var match = BuildMatch(terms, await AliasesAsync());
        SearchQueries.Filter MakeFilter() => new(
            types is null ? null : Json.Array(types),
            request.Theme is null ? null : $"theme:{request.Theme}",
            regionPath is null ? null : $"region:{regionPath}",
            regionPath is null ? null : $"region:{regionPath}\u007f",
            sample is null ? null : $"sample:{sample.Value.ToString(CultureInfo.InvariantCulture)}",
            year is null ? null : $"year:{year.Value.ToString(CultureInfo.InvariantCulture)}",
            ancestors);
        var filter = MakeFilter();

        var titleKey = SearchAnalyzer.NameKey(string.Concat(terms.SelectMany(t => t.Kind == TermKind.AnyOf ? t.Alternatives![0].SelectMany(a => a.Pieces) : t.Pieces).Select(p => p.Text)));
        var valueKeys = grouped ? SearchAnalyzer.QueryValueKeys(QueryUnderstanding.ToSimplified(request.Query), understood.Year) : [];
        var facets = await FacetsAsync(match, titleKey, valueKeys, filter, grouped);
        IReadOnlyList<AppliedFilter> relaxed = [];
        if (understood.Applied.Count > 0 && facets.Sum(f => f.Count) == 0)
        {
            // Filters read from the query that leave nothing are not applied: the rest of the query is searched as it is
            // (2021 托育 finds the childcare records of another year), and the response says so.
            (sample, year, regionPath, ancestors) = (request.Sample, request.Year, region?.Path, null);
            filter = MakeFilter();
            facets = await FacetsAsync(match, titleKey, valueKeys, filter, grouped);
            (relaxed, applied) = (understood.Applied, corrections.ToList());
        }
        var typeFacets = SearchIndexBuilder.Types
            .Select(t => new FacetCount(t, null, (int)(facets.FirstOrDefault(f => f.Type == t)?.Count ?? 0)))
            .Where(f => f.Count > 0).ToList();
        return new Read(Fingerprint(), grouped, match, titleKey, valueKeys, filter, typeFacets, new Highlighter(terms), EnglishHighlight(terms, match), applied, relaxed);
    }

    /// <summary>The MATCH to mark English fields with, or null when the query has no Latin word (nothing to mark there).</summary>
    private static SearchQueries.EnglishHighlight? EnglishHighlight(IReadOnlyList<Term> terms, string match) =>
        terms.Any(t => t.Pieces.Any(p => !p.IsCjk)) ? new(match, EnglishMarks.For(match)) : null;

    /// <summary>How many of a subject's matching records are shown beneath it.</summary>
    public const int EvidenceShown = 2;

    /// <summary>How many groups of a query are kept per dataset version; later pages group again.</summary>
    private const int GroupedCacheSize = 200;

    /// <summary>Why a group is where it is: the kinds rank in this order, then by score.</summary>
    internal enum Tier { Name = 0, Value = 1, Sample = 2, Record = 3, Evidence = 4 }

    /// <summary>One subject of a grouped result: its own matching row (if any), its best evidence, how many matched.</summary>
    internal sealed record Group(string Subject, Tier Tier, double Rank, long? OwnId, IReadOnlyList<(long Id, double Rank)> Evidence, int EvidenceCount)
    {
        public string CursorKey => string.Create(CultureInfo.InvariantCulture, $"{(int)Tier}|{Rank:R}|{Subject}");

        public static int Compare(Group a, Group b) => Compare(a.Tier, a.Rank, a.Subject, b);

        /// <summary>Where a group of this tier, rank and subject stands against <paramref name="b"/>, before it is made.</summary>
        public static int Compare(Tier tier, double rank, string subject, Group b)
        {
            // As numbers: an enum's CompareTo boxes.
            var c = ((int)tier).CompareTo((int)b.Tier);
            if (c == 0) c = rank.CompareTo(b.Rank);
            return c != 0 ? c : string.CompareOrdinal(subject, b.Subject);
        }
    }

    internal sealed record Grouping(IReadOnlyList<Group> Groups, int Total, bool Complete);

    // How much an evidence-only subject is worth, by its type: what a reader looks for first.
    internal static double SubjectPrior(string subject) => subject[..subject.IndexOf(':')] switch
    {
        "sample" => 2.0, "reform" => 1.8, "region" => 1.5, "milestone" or "honor" => 1.2, _ => 1.0,
    };

    /// <summary>What grouping keeps of a subject's matches: its own best row, its two best pieces of evidence and their count.</summary>
    private struct SubjectMatches
    {
        public long? OwnId;
        public double OwnRank;
        public bool OwnNameMatch;
        public (long Id, double Rank) First, Second;
        public int EvidenceCount;

        public void Add(SearchQueries.SubjectMatchRow row)
        {
            if (row.Evidence == 0)
            {
                // The first of the best: as a stable sort by rank would give it.
                if (OwnId is null || row.Rank < OwnRank) (OwnId, OwnRank, OwnNameMatch) = (row.Id, row.Rank, row.NameMatch != 0);
                return;
            }
            var piece = (row.Id, row.Rank);
            if (EvidenceCount == 0 || Before(piece, First)) (Second, First) = (First, piece);
            else if (EvidenceCount == 1 || Before(piece, Second)) Second = piece;
            EvidenceCount++;
        }

        private static bool Before((long Id, double Rank) a, (long Id, double Rank) b) => a.Rank < b.Rank || (a.Rank == b.Rank && a.Id < b.Id);
    }

    /// <summary>
    /// Records first, evidence beneath: every match is its own subject's row or evidence for a subject. Subjects rank
    /// by tier (the query is the name; a figure whose value is the query's number; a sample whose own text matches; another record whose own text matches; only
    /// evidence matches), then by score: within the own-match tiers the subject's own BM25 with the type prior,
    /// within the evidence tier its best evidence's, times the subject's prior.
    /// The matches grouped so, in order (<see cref="Group.Compare(Group, Group)"/>, a total order): the best
    /// <paramref name="keep"/> groups after <paramref name="after"/> (all of them after it when keep is int.MaxValue), with
    /// the number of groups in all. The rows are read once and not held: what is held is one small entry per subject and
    /// the groups kept, so a word matching 100,000 records costs a few MB while it is grouped, not tens.
    /// </summary>
    internal static async Task<Grouping> GroupMatchesAsync(IAsyncEnumerable<SearchQueries.SubjectMatchRow> rows, int keep, Group? after = null)
    {
        var bySubject = new Dictionary<string, SubjectMatches>(StringComparer.Ordinal);
        // A figure whose value is the query's number (300名金融专员) is what the reader means: a hit of its own (and still evidence beneath its subject).
        var values = new List<Group>();
        await foreach (var row in rows)
        {
            if (row.ValueMatch != 0 && row.Evidence != 0)
                values.Add(new Group($"doc:{row.Id.ToString(CultureInfo.InvariantCulture)}", Tier.Value, row.Rank, row.Id, [], 0));
            System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(bySubject, row.Subject, out _).Add(row);
        }

        // The best groups after the cursor, in a heap whose top is the worst of them.
        var best = new PriorityQueue<Group, Group>(Comparer<Group>.Create(static (a, b) => Group.Compare(b, a)));
        var afterCount = 0;
        // Whether a group of this order would be kept (compared before it is made: most subjects of a common word are not).
        bool Admits(Tier tier, double rank, string subject)
        {
            if (after is not null && Group.Compare(tier, rank, subject, after) <= 0) return false;
            afterCount++;
            return best.Count < keep || Group.Compare(tier, rank, subject, best.Peek()) < 0;
        }
        void Keep(Group group)
        {
            if (best.Count < keep) best.Enqueue(group, group);
            else best.DequeueEnqueue(group, group);
        }
        foreach (var value in values)
            if (Admits(value.Tier, value.Rank, value.Subject)) Keep(value);
        foreach (var (subject, m) in bySubject)
        {
            var tier = m.OwnId is null ? Tier.Evidence : m.OwnNameMatch ? Tier.Name : subject.StartsWith("sample:", StringComparison.Ordinal) ? Tier.Sample : Tier.Record;
            var rank = m.OwnId is null ? m.First.Rank * SubjectPrior(subject) : m.OwnRank;
            // EvidenceShown (2) pieces at most.
            if (Admits(tier, rank, subject))
                Keep(new Group(subject, tier, rank, m.OwnId, m.EvidenceCount switch { 0 => [], 1 => [m.First], _ => [m.First, m.Second] }, m.EvidenceCount));
        }
        var groups = new List<Group>(best.Count);
        while (best.Count > 0) groups.Add(best.Dequeue());
        groups.Reverse();
        return new Grouping(groups, values.Count + bySubject.Count, afterCount <= keep);
    }

    private static (string, string, string, string, SearchQueries.Filter) GroupingKey(string match, string titleKey, IReadOnlyList<string> valueKeys, SearchQueries.Filter filter) =>
        ("search-grouped", match, titleKey, string.Join('|', valueKeys), filter);

    /// <summary>
    /// Counts per type of a query's matches. A grouped reading counts them from the matches it groups (every match of the
    /// query and its filters, no type filter: the rows the facets statement counts), and keeps the grouping for its
    /// pages: one full-text match per first-time query instead of two. A grouping already kept (its counts not taken)
    /// leaves the count to the facets statement.
    /// </summary>
    private async Task<IReadOnlyList<SearchQueries.FacetRow>> FacetsAsync(string match, string titleKey, IReadOnlyList<string> valueKeys, SearchQueries.Filter filter, bool grouped)
    {
        if (!grouped) return await queries.FacetsAsync(match, filter);
        List<SearchQueries.FacetRow>? counted = null;
        await cache.GetOrAddAsync(GroupingKey(match, titleKey, valueKeys, filter), async () =>
        {
            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            var grouping = await GroupMatchesAsync(Counting(queries.SubjectMatchesAsync(match, titleKey, valueKeys, filter), counts), GroupedCacheSize);
            counted = counts.Select(c => new SearchQueries.FacetRow { Type = c.Key, Count = c.Value }).ToList();
            return grouping;
        });
        return counted ?? await queries.FacetsAsync(match, filter);

        static async IAsyncEnumerable<SearchQueries.SubjectMatchRow> Counting(IAsyncEnumerable<SearchQueries.SubjectMatchRow> rows, Dictionary<string, long> counts)
        {
            await foreach (var row in rows)
            {
                System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, row.Type, out _)++;
                yield return row;
            }
        }
    }

    private async Task<SearchResult> GroupedAsync(string match, string titleKey, IReadOnlyList<string> valueKeys, SearchQueries.Filter filter, int limit, Cursor? cursor, string fingerprint,
        Highlighter highlighter, IReadOnlyList<FacetCount> typeFacets, SearchQueries.EnglishHighlight? english)
    {
        var grouping = await cache.GetOrAddAsync(GroupingKey(match, titleKey, valueKeys, filter),
            () => GroupMatchesAsync(queries.SubjectMatchesAsync(match, titleKey, valueKeys, filter), GroupedCacheSize));
        Group? after = null;
        if (cursor?.Key is { } key && key.Split('|', 3) is [var t, var rk, var subject]
            && int.TryParse(t, CultureInfo.InvariantCulture, out var tier) && double.TryParse(rk, NumberStyles.Float, CultureInfo.InvariantCulture, out var afterRank))
            after = new Group(subject, (Tier)tier, afterRank, null, [], 0);
        int Skip(IReadOnlyList<Group> groups)
        {
            var at = 0;
            if (after is not null) while (at < groups.Count && Group.Compare(groups[at], after) <= 0) at++;
            return at;
        }
        var start = Skip(grouping.Groups);
        if (!grouping.Complete && start + limit + 1 > grouping.Groups.Count)
        {
            // Past the part that is kept: group every match again for this page (rare: page 11 of a common word).
            grouping = await GroupMatchesAsync(queries.SubjectMatchesAsync(match, titleKey, valueKeys, filter), limit + 1, after);
            start = Skip(grouping.Groups);
        }
        var page = grouping.Groups.Skip(start).Take(limit).ToList();
        var hasMore = start + page.Count < grouping.Groups.Count;

        var ids = new List<long>();
        var bare = new List<string>();
        foreach (var g in page)
        {
            for (var i = 0; i < g.Evidence.Count; i++) ids.Add(g.Evidence[i].Id);
            if (g.OwnId is { } own) ids.Add(own);
            else bare.Add(g.Subject);
        }
        var (docs, subjects) = await queries.PageAsync(ids, bare, english);

        var hits = new List<SearchHit>(page.Count);
        var shown = new List<Group>(page.Count);
        foreach (var g in page)
        {
            // Most hits of a long page have no evidence beneath them: the shared empty list, not one each.
            List<SearchEvidence>? evidence = null;
            for (var i = 0; i < g.Evidence.Count; i++)
                if (g.Evidence[i] is var (id, rank) && docs.TryGetValue(id, out var row)) (evidence ??= new(g.Evidence.Count)).Add(highlighter.Evidence(row, rank));
            var matchKind = g.Tier switch { Tier.Name => "name", Tier.Evidence => "evidence", _ => "record" };
            SearchHit? hit = null;
            if (g.OwnId is { } own && docs.TryGetValue(own, out var doc))
                hit = highlighter.Hit(doc, g.Rank, matchKind, evidence, g.EvidenceCount - (evidence?.Count ?? 0));
            else if (subjects.TryGetValue(g.Subject, out var s))
                hit = new SearchHit(s.Type, s.Key, new Label(s.TitleZh, s.TitleEn), s.Url, Math.Round(-g.Rank, 4), [], matchKind, (IReadOnlyList<SearchEvidence>?)evidence ?? [], g.EvidenceCount - (evidence?.Count ?? 0));
            if (hit is null) continue;
            hits.Add(hit);
            shown.Add(g);
        }
        var next = hasMore && page.Count > 0 ? new Cursor(page[^1].CursorKey, 0, fingerprint) : null;
        return new SearchResult(hits, new CursorList(shown.Count, i => new Cursor(shown[i].CursorKey, 0, fingerprint)), grouping.Total, next, typeFacets);
    }

    /// <summary>
    /// The page after the cursor from the query's ranked matches (ordered by rank, then id), or null when the
    /// page reaches past the part that is kept (<see cref="SearchQueries.RankedCacheSize"/>) and SQL must rank.
    /// </summary>
    private static IReadOnlyList<SearchQueries.MatchRow>? Slice(IReadOnlyList<SearchQueries.MatchRow> ranked, double? afterRank, long afterId, int count)
    {
        var start = 0;
        if (afterRank is { } after)
            while (start < ranked.Count && (ranked[start].Rank < after || (ranked[start].Rank == after && ranked[start].Id <= afterId))) start++;
        var complete = ranked.Count < SearchQueries.RankedCacheSize;
        if (!complete && start + count > ranked.Count) return null;
        return ranked.Skip(start).Take(count).ToList();
    }

    /// <summary>The query as analysed, for cursor fingerprints: the same words typed differently page alike.</summary>
    private static string Describe(IReadOnlyList<Term> terms) =>
        string.Join('\u001e', terms.Select(t => t.Kind + ":" + string.Join(' ', t.Pieces.Select(p => p.Text.ToLowerInvariant()))));

    public const int MaxSuggestions = 10;

    /// <summary>
    /// Titles of samples, reforms, regions and themes that complete or contain what was typed, from the first
    /// character: Chinese anywhere in the title, English words as typed with the last one as a prefix.
    /// </summary>
    public async Task<IReadOnlyList<SearchSuggestion>> SuggestAsync(string typed, int limit, string parameter = "q")
    {
        if (string.IsNullOrWhiteSpace(typed))
            throw new ApiInputException("invalid-parameter", parameter, "Give the text typed so far, e.g. 医 or chil.");
        if (typed.EnumerateRunes().Count() > MaxQueryLength)
            throw new ApiInputException("invalid-parameter", parameter, $"At most {MaxQueryLength} characters.");
        var pieces = SearchAnalyzer.Pieces(SearchAnalyzer.Clean(QueryUnderstanding.ToSimplified(typed)));
        if (pieces.Count == 0) return [];
        var match = SuggestMatch(pieces);
        var text = string.Concat(pieces.Select(p => p.Text));
        var themes = (await queries.ThemesAsync())
            .Where(t => t.TitleZh.Contains(text, StringComparison.Ordinal) || t.TitleEn.Contains(typed.Trim(), StringComparison.OrdinalIgnoreCase));
        var records = await queries.SuggestAsync(match, limit);
        return themes.Concat(records).Take(limit)
            .Select(r => new SearchSuggestion("record", r.Type, r.Id, new Label(r.TitleZh, r.TitleEn), r.Url)).ToList();
    }

    /// <summary>What typed text matches among the titles (search_suggest's columns, named as search_fts's), or null for none.</summary>
    internal static string? SuggestMatch(string typed) =>
        SearchAnalyzer.Pieces(SearchAnalyzer.Clean(QueryUnderstanding.ToSimplified(typed))) is { Count: > 0 } pieces ? SuggestMatch(pieces) : null;

    private static string SuggestMatch(IReadOnlyList<SearchAnalyzer.Piece> pieces)
    {
        static string Quoted(string tokens) => "\"" + tokens.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        return string.Join(" AND ", pieces.Select((p, i) => p.IsCjk
            ? SearchAnalyzer.Characters(p.Text).Count == 1 ? $"zh_title_uni : {Quoted(p.Text)}" : $"zh_title_bi : {Quoted(string.Join(' ', SearchAnalyzer.Bigrams(p.Text)))}"
            : i == pieces.Count - 1 ? $"en_title : {Quoted(SearchAnalyzer.Joined(p.Text))} *" : $"en_title : {Quoted(SearchAnalyzer.Joined(p.Text))}"));
    }

    /// <summary>What to try when nothing matched: records whose titles hold the words, the query as plain text, synonyms.</summary>
    public async Task<IReadOnlyList<SearchSuggestion>> NothingFoundAsync(SearchRequest request, SearchResult result)
    {
        var suggestions = new List<SearchSuggestion>();
        string SearchUrl(string q, bool literal = false) => "/api/v1/search?q=" + Uri.EscapeDataString(q) + (literal ? "&literal=true" : "");
        if (result.Applied.Count > 0 || result.Relaxed.Count > 0)
            suggestions.Add(new SearchSuggestion("without-filters", null, null, new Label(request.Query, request.Query), SearchUrl(request.Query, literal: true)));
        foreach (var term in Parse(QueryUnderstanding.ToSimplified(request.Query)))
            if (term.Kind == TermKind.Word && QueryUnderstanding.Synonyms.TryGetValue(SearchAnalyzer.Joined(term.Pieces[0].Text), out var alternatives))
                foreach (var alternative in alternatives)
                    suggestions.Add(new SearchSuggestion("synonym", null, null, new Label(alternative, alternative), SearchUrl(alternative)));
        // Each word on its own, as a search box would complete it.
        foreach (var word in request.Query.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Prepend(request.Query).Distinct())
        {
            if (suggestions.Count >= MaxSuggestions) break;
            try
            {
                foreach (var s in await SuggestAsync(word, MaxSuggestions))
                    if (!suggestions.Any(x => x.Url == s.Url)) suggestions.Add(s);
            }
            catch (ApiInputException) { }
        }
        return suggestions.Take(MaxSuggestions).ToList();
    }

    /// <summary>Last characters of an office's name (局 bureau, 厅 department, 委 commission, 办 office).</summary>
    private static readonly HashSet<char> BureauSuffixes = ['局', '厅', '委', '办'];

    /// <summary>Words this long may be misspelt; shorter ones are too close to other words to correct.</summary>
    private const int MinCorrectedLength = 8;

    /// <summary>
    /// A long English word that matches nothing is read as the nearest token of the index (Porter stems): one edit
    /// away, two for words of 10 letters or more, its end allowed to be a suffix Porter strips (commisioner →
    /// commission*). A Chinese office name that matches nothing (医保局) is searched without its last character (医保).
    /// Listed in applied as filter "spelling"; literal=true keeps the word as typed.
    /// </summary>
    private async Task<(IReadOnlyList<Term> Terms, IReadOnlyList<AppliedFilter> Corrections)> CorrectSpellingAsync(IReadOnlyList<Term> terms)
    {
        var result = new List<Term>(terms.Count);
        var corrections = new List<AppliedFilter>();
        foreach (var term in terms)
        {
            // 医保局: a bureau the texts name by its field only (医保) is searched as that field.
            if (term.Kind == TermKind.Cjk && term.Pieces[0].Text is { Length: >= 3 } run && BureauSuffixes.Contains(run[^1])
                && !await queries.MatchesAnyAsync(BuildMatch([term], await AliasesAsync())))
            {
                var field = new Term(TermKind.Cjk, [term.Pieces[0] with { Text = run[..^1] }]);
                if (await queries.MatchesAnyAsync(BuildMatch([field], await AliasesAsync())))
                {
                    result.Add(field);
                    corrections.Add(new AppliedFilter("spelling", run[..^1], run));
                    continue;
                }
            }
            var word = term.Kind == TermKind.Word ? SearchAnalyzer.Joined(term.Pieces[0].Text) : "";
            if (word.Length < MinCorrectedLength || !word.All(char.IsAsciiLetterLower) || QueryUnderstanding.Synonyms.ContainsKey(word)
                || await queries.MatchesAnyAsync(BuildMatch([term], await AliasesAsync())))
            {
                result.Add(term);
                continue;
            }
            var allowed = word.Length >= 10 ? 2 : 1;
            var best = (await queries.VocabularyAsync(word[..2]))
                .Select(token => (Token: token, Distance: StemDistance(word, token)))
                .Where(c => c.Distance <= allowed)
                .OrderBy(c => c.Distance).ThenByDescending(c => c.Token.Length).ThenBy(c => c.Token, StringComparer.Ordinal)
                .FirstOrDefault();
            if (best.Token is null) { result.Add(term); continue; }
            result.Add(new Term(TermKind.Prefix, [term.Pieces[0] with { Text = best.Token }]));
            corrections.Add(new AppliedFilter("spelling", best.Token + "*", term.Pieces[0].Text));
        }
        return (result, corrections);
    }

    /// <summary>Edits between a stem and the start of a word, the word's rest (at most 4 letters) taken as the suffix the stem lost.</summary>
    private static int StemDistance(string word, string stem)
    {
        var best = int.MaxValue;
        for (var k = Math.Max(1, stem.Length - 2); k <= Math.Min(word.Length, stem.Length + 2); k++)
            if (word.Length - k <= 4) best = Math.Min(best, Levenshtein(word[..k], stem));
        return best;
    }

    private static int Levenshtein(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    /// <summary>/zhejiang/wenzhou/ruian/ → /zhejiang/, /zhejiang/wenzhou/.</summary>
    private static IEnumerable<string> Ancestors(string path)
    {
        for (var at = path.IndexOf('/', 1); at >= 0 && at < path.Length - 1; at = path.IndexOf('/', at + 1))
            yield return path[..(at + 1)];
    }

    private Task<IReadOnlyDictionary<string, (string Slug, string NameZh, string NameEn)>> RegionNamesAsync() =>
        cache.GetOrAddAsync("search-region-names", queries.RegionNamesAsync);

    // In the version's cache like the region names (a field holding a version beside its value could be read torn).
    private Task<IReadOnlyDictionary<string, string>> AliasesAsync() => cache.GetOrAddAsync("search-aliases", queries.AliasesAsync);

    /// <summary>
    /// text.IndexOf(word, from, OrdinalIgnoreCase): under invariant globalization that is a loop over every character
    /// of the text, and most texts searched here are Chinese; a vectorised search for the word's first letter in either
    /// case finds the places worth comparing (ordinal case-blindness folds no other character to an ASCII letter).
    /// </summary>
    internal static int IndexOfIgnoringCase(string text, string word, int from)
    {
        var c = word[0];
        if (!char.IsAsciiLetterOrDigit(c)) return text.IndexOf(word, from, StringComparison.OrdinalIgnoreCase);
        var (lower, upper) = (char.ToLowerInvariant(c), char.ToUpperInvariant(c));
        for (var at = from; at <= text.Length - word.Length; at++)
        {
            var next = text.AsSpan(at, text.Length - at).IndexOfAny(lower, upper);
            if (next < 0) return -1;
            at += next;
            if (text.AsSpan(at).StartsWith(word, StringComparison.OrdinalIgnoreCase)) return at;
        }
        return -1;
    }

    /// <summary>Finds the matches in a hit's fields and cuts the snippets around them.</summary>
    private sealed class Highlighter(IReadOnlyList<Term> terms)
    {
        private const int MaxSnippet = 160;
        private const int MaxLead = 60;

        // Chinese fields hold the text as written: a CJK term matches exactly where its characters stand.
        private readonly List<string> _cjk = terms.SelectMany(t => t.Pieces).Where(p => p.IsCjk).Select(p => p.Text).Distinct().ToList();
        private readonly List<string> _words = terms.SelectMany(t => t.Pieces).Where(p => !p.IsCjk).Select(p => p.Text).Distinct().ToList();

        public SearchHit Hit(SearchQueries.MarkedRow marked, double rank, string match = "record", IReadOnlyList<SearchEvidence>? evidence = null, int moreEvidence = 0)
        {
            var doc = marked.Row;
            return new(doc.Type, doc.Key, doc.Json?.Title ?? new Label(doc.TitleZh, doc.TitleEn), doc.Url, Math.Round(-rank, 4), Snippets(marked), match, evidence ?? [], moreEvidence) { Head = doc.Json?.Head };
        }

        public SearchEvidence Evidence(SearchQueries.MarkedRow marked, double rank)
        {
            var doc = marked.Row;
            return new(doc.Type, doc.Key, doc.Json?.Title ?? new Label(doc.TitleZh, doc.TitleEn), doc.Url, doc.Detail, Math.Round(-rank, 4), Snippets(marked)) { Head = doc.Json?.Head };
        }

        // The fields' fragments, title fields first, in an array of their number: every hit and evidence of a page has
        // one (a list and its array were a twentieth of what a page of 20 English hits allocates).
        private IReadOnlyList<Snippet> Snippets(SearchQueries.MarkedRow marked)
        {
            var doc = marked.Row;
            // A kept row knows which of its fields the encoder leaves as they are, and its titles as the writer encodes them.
            var json = doc.Json;
            var head = json?.Head;
            var titleZh = head is not null && ReferenceEquals(head.TitleZhSource, doc.TitleZh) ? head.TitleZh : null;
            var titleEn = head is not null && ReferenceEquals(head.TitleEnSource, doc.TitleEn) ? head.TitleEn : null;
            static Snippet? Fragment(string field, string text, IReadOnlyList<MatchRange> ranges, bool whole, bool plain, EncodedField? encoded) =>
                ranges.Count > 0 ? Cut(field, text, Merged(ranges), whole, plain, encoded) : null;
            var a = Fragment("title.zh", doc.TitleZh, FindInChinese(doc.TitleZh), whole: true, json?.TitleZhPlain ?? false, titleZh);
            // The English title is marked only where it is indexed (search_fts's en_title): then it is this text.
            var b = Fragment("title.en", doc.TitleEn, marked.TitleEnRanges, whole: true, json?.TitleEnPlain ?? false, titleEn);
            var c = Fragment("text.zh", doc.TextZh, FindInChinese(doc.TextZh), whole: false, json?.TextZhPlain ?? false, null);
            var d = Fragment("text.en", doc.TextEn, marked.TextEnRanges, whole: false, json?.TextEnPlain ?? false, null);
            var count = (a is null ? 0 : 1) + (b is null ? 0 : 1) + (c is null ? 0 : 1) + (d is null ? 0 : 1);
            if (count == 0) return [];
            var snippets = new Snippet[count];
            var i = 0;
            if (a is not null) snippets[i++] = a;
            if (b is not null) snippets[i++] = b;
            if (c is not null) snippets[i++] = c;
            if (d is not null) snippets[i] = d;
            return snippets;
        }

        private IReadOnlyList<MatchRange> FindInChinese(string text)
        {
            List<MatchRange>? ranges = null;
            foreach (var run in _cjk) FindCjk(text, run, ref ranges);
            // Numbers and Latin words inside Chinese text (2021, G20), as whole words.
            foreach (var word in _words)
                for (var at = IndexOfIgnoringCase(text, word, 0); at >= 0; at = IndexOfIgnoringCase(text, word, at + word.Length))
                    if ((at == 0 || !char.IsAsciiLetterOrDigit(text[at - 1])) && (at + word.Length == text.Length || !char.IsAsciiLetterOrDigit(text[at + word.Length])))
                        (ranges ??= []).Add(new MatchRange(at, word.Length));
            return (IReadOnlyList<MatchRange>?)ranges ?? SearchQueries.NoRanges;
        }

        /// <summary>Where a CJK run stands in the text, quotes and middle dots inside it allowed (四千精神 in “四千”精神).</summary>
        private static void FindCjk(string text, string run, ref List<MatchRange>? ranges)
        {
            for (var i = text.IndexOf(run[0], StringComparison.Ordinal); i >= 0 && i < text.Length; i = text.IndexOf(run[0], i + 1))
            {
                int t = i, r = 0;
                while (r < run.Length && t < text.Length)
                {
                    if (text[t] == run[r]) { t++; r++; }
                    else if (r > 0 && SearchAnalyzer.IsTransparent(text[t])) t++;
                    else break;
                }
                if (r < run.Length) continue;
                (ranges ??= []).Add(new MatchRange(i, t - i));
                i = t - 1;
            }
        }

        /// <summary>
        /// The ranges in order, overlapping and touching ones joined: the ranges themselves when they already are (English
        /// marks always are: they are read in order), else a joined copy.
        /// </summary>
        private static IReadOnlyList<MatchRange> Merged(IReadOnlyList<MatchRange> ranges)
        {
            for (var i = 1; i < ranges.Count; i++)
                if (ranges[i].Start <= ranges[i - 1].Start + ranges[i - 1].Length) return Merge([.. ranges]);
            return ranges;
        }

        /// <summary>The ranges in order, overlapping ones joined (sorts the list it is given).</summary>
        private static List<MatchRange> Merge(List<MatchRange> ranges)
        {
            if (ranges.Count == 1) return ranges;
            ranges.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.Length.CompareTo(a.Length));
            var merged = new List<MatchRange>(ranges.Count);
            foreach (var r in ranges)
            {
                if (merged.Count > 0 && r.Start <= merged[^1].Start + merged[^1].Length)
                {
                    var last = merged[^1];
                    merged[^1] = last with { Length = Math.Max(last.Length, r.Start + r.Length - last.Start) };
                }
                else merged.Add(r);
            }
            return merged;
        }

        /// <summary>Whether a sentence ends after text[i] (a full stop before a digit is a decimal point).</summary>
        private static bool IsSentenceEnd(string text, int i) =>
            text[i] is '。' or '！' or '？' or '；' or '\n' or '!' or '?' or ';'
            || (text[i] == '.' && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1])));

        private static readonly SearchValues<char> SentenceEndings = SearchValues.Create("。！？；\n!?;.");

        /// <summary>The first i in [from, to) after whose character a sentence ends, or -1 (a vectorised search for the candidates).</summary>
        private static int NextSentenceEnd(string text, int from, int to)
        {
            while (from < to)
            {
                var k = text.AsSpan(from, to - from).IndexOfAny(SentenceEndings);
                if (k < 0) return -1;
                if (IsSentenceEnd(text, from + k)) return from + k;
                from += k + 1;
            }
            return -1;
        }

        /// <summary>The last i in [from, to) after whose character a sentence ends, or -1.</summary>
        private static int LastSentenceEnd(string text, int from, int to)
        {
            while (from < to)
            {
                var k = text.AsSpan(from, to - from).LastIndexOfAny(SentenceEndings);
                if (k < 0) return -1;
                if (IsSentenceEnd(text, from + k)) return from + k;
                to = from + k;
            }
            return -1;
        }

        /// <summary>The sentence around the first match (at most <see cref="MaxSnippet"/> characters), or the whole title.</summary>
        private static Snippet Cut(string field, string text, IReadOnlyList<MatchRange> ranges, bool whole, bool plain, EncodedField? encoded)
        {
            var start = 0;
            var end = text.Length;
            if (!whole)
            {
                var first = ranges[0];
                start = first.Start;
                var lead = Math.Max(0, first.Start - MaxLead);
                start = LastSentenceEnd(text, lead, first.Start) is var before and >= 0 ? before + 1 : lead;
                // Never start inside an English word.
                if (start > 0 && char.IsAsciiLetterOrDigit(text[start - 1]))
                    while (start < first.Start && !char.IsWhiteSpace(text[start - 1])) start++;
                while (start < first.Start && char.IsWhiteSpace(text[start])) start++;
                end = first.Start + first.Length;
                var most = Math.Min(text.Length, start + MaxSnippet);
                if (end < most) end = NextSentenceEnd(text, end - 1, most - 1) is var after and >= 0 ? after + 1 : most;
                if (char.IsHighSurrogate(text[end - 1]) && end < text.Length) end++;
                if (start > 0 && char.IsLowSurrogate(text[start])) start--;
            }
            // The whole field keeps every range as it is (the list is only read from here on; a row's marks may serve twice in a page).
            if (start == 0 && end == text.Length) return new Snippet(field, text, 0, text.Length, ranges, plain, encoded);
            var count = 0;
            for (var i = 0; i < ranges.Count; i++)
                if (ranges[i] is var r && r.Start >= start && r.Start + r.Length <= end) count++;
            var inside = new MatchRange[count];
            count = 0;
            for (var i = 0; i < ranges.Count; i++)
                if (ranges[i] is var r && r.Start >= start && r.Start + r.Length <= end) inside[count++] = r with { Start = r.Start - start };
            return new Snippet(field, text, start, end - start, inside, plain, encoded);
        }
    }
}
