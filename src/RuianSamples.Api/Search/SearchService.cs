using System.Globalization;
using System.Text;
using RuianSamples.Api.Common;
using RuianSamples.Api.Data;
using RuianSamples.Api.Regions;

namespace RuianSamples.Api.Search;

/// <summary>
/// Search for REST and GraphQL alike: validates the request, reads what the user typed as text
/// (never as FTS5 syntax), builds the MATCH expression from analysed tokens, and assembles hits
/// with highlighted snippets.
/// </summary>
public sealed class SearchService(SearchQueries queries, RegionQueries regions, Vocabulary vocabulary, CatalogDb db)
{
    public const int MaxQueryLength = 200;

    private const string ZhBigramColumns = "{zh_title_bi zh_body_bi}";
    private const string ZhUnigramColumns = "{zh_title_uni zh_body_uni}";
    private const string WordColumns = "{zh_title_bi zh_body_bi en_title en_body}";
    private const char MarkStart = '\uE000';
    private const char MarkEnd = '\uE001';

    // Dropped from unquoted queries (several words are ANDed, and these say nothing); kept inside quotes.
    private static readonly HashSet<string> StopWords =
        ["a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of", "on", "or", "the", "to", "with", "not", "near"];

    private static readonly HashSet<char> QuoteMarks = ['"', '“', '”', '「', '」', '『', '』', '＂'];

    private (string Version, IReadOnlyDictionary<string, string> Aliases)? _aliases;

    public enum TermKind { Cjk, Word, WordPhrase, MixedPhrase }

    /// <summary>One AND-ed part of a query: a CJK run, a word, or a quoted phrase of several pieces.</summary>
    public sealed record Term(TermKind Kind, IReadOnlyList<SearchAnalyzer.Piece> Pieces);

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
                terms.AddRange(pieces.Select(p => new Term(p.IsCjk ? TermKind.Cjk : TermKind.Word, [p])));
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
        var region = await regions.ResolveFilterAsync("region", request.Region);

        var terms = Parse(request.Query);
        var types = request.Types is { Count: > 0 } ? request.Types.Distinct().Order(StringComparer.Ordinal).ToList() : null;
        var fingerprint = Cursor.FingerprintOf("search", Describe(terms), types is null ? null : string.Join(',', types), request.Theme, region?.Slug, request.Sample, request.Year);
        var cursor = Cursor.Decode(request.Cursor, fingerprint, cursorParameter);
        // Nothing searchable in it (only punctuation, say): a query that matches nothing.
        if (terms.Count == 0) return new SearchResult([], [], 0, null, []);

        var match = BuildMatch(terms, await AliasesAsync());
        var filter = new SearchQueries.Filter(
            types is null ? null : Json.Array(types),
            request.Theme is null ? null : $"theme:{request.Theme}",
            region is null ? null : $"region:{region.Path}",
            region is null ? null : $"region:{region.Path}\u007f",
            request.Sample is null ? null : $"sample:{request.Sample.Value.ToString(CultureInfo.InvariantCulture)}",
            request.Year is null ? null : $"year:{request.Year.Value.ToString(CultureInfo.InvariantCulture)}");
        double? afterRank = cursor?.Key is { } key && double.TryParse(key, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) ? r : null;

        var titleKey = SearchAnalyzer.NameKey(request.Query);
        var rows = Slice(await queries.RankedAsync(match, titleKey, filter), afterRank, cursor?.Id ?? 0, request.Limit + 1)
            ?? await queries.MatchAsync(match, titleKey, filter, afterRank, cursor?.Id ?? 0, request.Limit + 1);
        var facets = await queries.FacetsAsync(match, filter);
        var page = rows.Take(request.Limit).ToList();
        var docs = page.Count == 0 ? new Dictionary<long, SearchQueries.DocRow>() : await queries.DocsAsync(match, page.Select(p => p.Id));
        var highlighter = new Highlighter(terms);
        var found = page.Where(p => docs.ContainsKey(p.Id)).ToList();
        var hits = found.Select(p => highlighter.Hit(docs[p.Id], p.Rank)).ToList();
        var cursors = found.Select(p => new Cursor(p.Rank.ToString("R", CultureInfo.InvariantCulture), p.Id, fingerprint)).ToList();
        var next = rows.Count > request.Limit ? new Cursor(page[^1].Rank.ToString("R", CultureInfo.InvariantCulture), page[^1].Id, fingerprint) : null;

        var typeFacets = SearchIndexBuilder.Types
            .Select(t => new FacetCount(t, null, (int)(facets.FirstOrDefault(f => f.Type == t)?.Count ?? 0)))
            .Where(f => f.Count > 0).ToList();
        var total = typeFacets.Where(f => types is null || types.Contains(f.Value)).Sum(f => f.Count);
        return new SearchResult(hits, cursors, total, next, typeFacets);
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

    private async Task<IReadOnlyDictionary<string, string>> AliasesAsync()
    {
        var version = db.Version;
        if (_aliases is { } cached && cached.Version == version) return cached.Aliases;
        var aliases = await queries.AliasesAsync();
        _aliases = (version, aliases);
        return aliases;
    }

    /// <summary>Finds the matches in a hit's fields and cuts the snippets around them.</summary>
    private sealed class Highlighter(IReadOnlyList<Term> terms)
    {
        private const int MaxSnippet = 160;
        private const int MaxLead = 60;

        // Chinese fields hold the text as written: a CJK term matches exactly where its characters stand.
        private readonly List<string> _cjk = terms.SelectMany(t => t.Pieces).Where(p => p.IsCjk).Select(p => p.Text).Distinct().ToList();
        private readonly List<string> _words = terms.SelectMany(t => t.Pieces).Where(p => !p.IsCjk).Select(p => p.Text).Distinct().ToList();

        public SearchHit Hit(SearchQueries.DocRow doc, double rank)
        {
            var snippets = new List<Snippet>();
            void Add(string field, string text, List<MatchRange> ranges, bool whole)
            {
                if (ranges.Count > 0) snippets.Add(Cut(field, text, Merge(ranges), whole));
            }
            Add("title.zh", doc.TitleZh, FindInChinese(doc.TitleZh), whole: true);
            var (titleEn, titleRanges) = Unmark(doc.TitleEnMarked);
            Add("title.en", titleEn.Length > 0 ? titleEn : doc.TitleEn, titleRanges, whole: true);
            Add("text.zh", doc.TextZh, FindInChinese(doc.TextZh), whole: false);
            var (textEn, textRanges) = Unmark(doc.TextEnMarked);
            Add("text.en", textEn, textRanges, whole: false);
            return new SearchHit(doc.Type, doc.Key, new Label(doc.TitleZh, doc.TitleEn), doc.Url, Math.Round(-rank, 4), snippets);
        }

        private List<MatchRange> FindInChinese(string text)
        {
            var ranges = new List<MatchRange>();
            foreach (var run in _cjk)
                ranges.AddRange(FindCjk(text, run));
            // Numbers and Latin words inside Chinese text (2021, G20), as whole words.
            foreach (var word in _words)
                for (var at = text.IndexOf(word, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(word, at + word.Length, StringComparison.OrdinalIgnoreCase))
                    if ((at == 0 || !char.IsAsciiLetterOrDigit(text[at - 1])) && (at + word.Length == text.Length || !char.IsAsciiLetterOrDigit(text[at + word.Length])))
                        ranges.Add(new MatchRange(at, word.Length));
            return ranges;
        }

        /// <summary>Where a CJK run stands in the text, quotes and middle dots inside it allowed (四千精神 in “四千”精神).</summary>
        private static IEnumerable<MatchRange> FindCjk(string text, string run)
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
                yield return new MatchRange(i, t - i);
                i = t - 1;
            }
        }

        /// <summary>FTS5's highlight() output (matches between U+E000 and U+E001) → plain text and ranges.</summary>
        private static (string Text, List<MatchRange> Ranges) Unmark(string marked)
        {
            var plain = new StringBuilder(marked.Length);
            var ranges = new List<MatchRange>();
            var start = -1;
            foreach (var c in marked)
            {
                if (c == MarkStart) start = plain.Length;
                else if (c == MarkEnd && start >= 0) { ranges.Add(new MatchRange(start, plain.Length - start)); start = -1; }
                else plain.Append(c);
            }
            return (plain.ToString(), ranges);
        }

        private static List<MatchRange> Merge(List<MatchRange> ranges)
        {
            var merged = new List<MatchRange>();
            foreach (var r in ranges.OrderBy(r => r.Start).ThenByDescending(r => r.Length))
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

        /// <summary>The sentence around the first match (at most <see cref="MaxSnippet"/> characters), or the whole title.</summary>
        private static Snippet Cut(string field, string text, List<MatchRange> ranges, bool whole)
        {
            var start = 0;
            var end = text.Length;
            if (!whole)
            {
                var first = ranges[0];
                start = first.Start;
                while (start > 0 && !IsSentenceEnd(text, start - 1) && first.Start - start < MaxLead) start--;
                // Never start inside an English word.
                if (start > 0 && char.IsAsciiLetterOrDigit(text[start - 1]))
                    while (start < first.Start && !char.IsWhiteSpace(text[start - 1])) start++;
                while (start < first.Start && char.IsWhiteSpace(text[start])) start++;
                end = first.Start + first.Length;
                while (end < text.Length && end - start < MaxSnippet && !IsSentenceEnd(text, end - 1)) end++;
                if (char.IsHighSurrogate(text[end - 1]) && end < text.Length) end++;
                if (start > 0 && char.IsLowSurrogate(text[start])) start--;
            }
            var fragment = text[start..end];
            var inside = ranges.Where(r => r.Start >= start && r.Start + r.Length <= end).Select(r => r with { Start = r.Start - start }).ToList();
            var marked = new StringBuilder(fragment.Length + inside.Count * 2);
            var at = 0;
            foreach (var r in inside)
            {
                marked.Append(fragment, at, r.Start - at).Append('«').Append(fragment, r.Start, r.Length).Append('»');
                at = r.Start + r.Length;
            }
            marked.Append(fragment, at, fragment.Length - at);
            return new Snippet(field, marked.ToString(), fragment, start, inside);
        }
    }
}
