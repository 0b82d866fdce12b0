using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Data.Common;
using RuianSamples.Api.Data.Seeding;

namespace RuianSamples.Api.Search;

/// <summary>
/// Builds the search index from the records, inside the caller's transaction: the import (a
/// <see cref="SeedImporter.DerivedBuilders"/> entry) and any migration of an existing database
/// call it, so the index can never be out of step with the data. Idempotent: it clears first.
/// </summary>
public static partial class SearchIndexBuilder
{
    public static readonly string[] Types = ["sample", "reform", "figure", "region", "milestone", "honor", "passage"];

    /// <summary>Longest source passage, in characters; passages are whole sentences up to this size.</summary>
    private const int PassageLength = 160;

    [GeneratedRegex(@"^\s*\p{L}{1,4}[：:]\s*")]
    private static partial Regex Label();

    [GeneratedRegex(@"^\s*#+\s*")]
    private static partial Regex MarkdownHeading();

    public static void Build(DbConnection connection, DbTransaction tx) => Build(connection, tx, null);

    /// <summary>
    /// Re-indexes records inside a partner write's transaction: their old rows go, their new ones (none
    /// for a retracted figure) come in, and every other document stays. A source's record is its passages.
    /// </summary>
    public static void Update(DbConnection connection, DbTransaction tx, IReadOnlyCollection<(string Type, string Key)> records) =>
        Build(connection, tx, records.ToHashSet());

    private static void Build(DbConnection connection, DbTransaction tx, HashSet<(string Type, string Key)>? only)
    {
        bool Wanted(string type, string key) => only is null || only.Contains((type, key));
        var input = SearchQueries.ReadIndexInput(connection, tx);
        var firstId = only is null ? 1 : SearchQueries.NextDocId(connection, tx);
        var docs = new List<SearchQueries.DocOut>();
        var tags = new List<(string Tag, long DocId)>();
        var titleKeys = new List<(string Key, long DocId)>();
        var regionPath = input.Regions.ToDictionary(r => r.Slug, r => r.Path);
        var sampleTheme = input.Samples.ToDictionary(s => s.Number.ToString(CultureInfo.InvariantCulture), s => s.ThemeSlug);
        var reformThemes = input.ReformThemes.ToLookup(l => l.Owner, l => l.Value);
        var reformSamples = input.ReformSamples.ToLookup(l => l.Owner, l => l.Value);
        var reformIdBySlug = input.Reforms.ToDictionary(r => r.Slug, r => r.Id.ToString(CultureInfo.InvariantCulture));

        // subject: the record a row stands for (itself) or is evidence for (see 0005_search_subjects.sql).
        long Add(string type, string key, string titleZh, string titleEn, string url, string textZh, string textEn,
            string? subject = null, string detail = "", bool indexTitle = true)
        {
            var id = docs.Count + firstId;
            if (type != "passage")
                foreach (var name in new[] { titleZh, titleEn }.Concat(type == "region" ? ShortNames(titleZh, titleEn) : []))
                    if (SearchAnalyzer.NameKey(name) is { Length: > 0 } nameKey) titleKeys.Add((nameKey, id));
            var (titleBi, titleUni) = indexTitle ? SearchAnalyzer.IndexChinese(titleZh) : ("", "");
            var (bodyBi, bodyUni) = SearchAnalyzer.IndexChinese(textZh);
            var self = $"{type}:{key}";
            docs.Add(new(id, type, key, titleZh, titleEn, url, textZh, textEn, titleBi, titleUni, bodyBi, bodyUni,
                subject ?? self, subject is null || subject == self ? 0 : 1, detail, indexTitle ? titleEn : ""));
            return id;
        }
        void Tag(long id, string kind, string? value)
        {
            if (value is not null) tags.Add(($"{kind}:{value}", id));
        }
        void TagYear(long id, long? year) => Tag(id, "year", year?.ToString(CultureInfo.InvariantCulture));
        // A sample's or reform's themes and samples carry over to the records about it.
        void TagSample(long id, string sampleNumber)
        {
            Tag(id, "sample", sampleNumber);
            Tag(id, "theme", sampleTheme.GetValueOrDefault(sampleNumber));
        }
        void TagReform(long id, string reformId)
        {
            foreach (var theme in reformThemes[reformId]) Tag(id, "theme", theme);
            foreach (var sample in reformSamples[reformId]) TagSample(id, sample);
        }
        void TagSubject(long id, string? type, string? key)
        {
            if (key is null) return;
            if (type == "sample") TagSample(id, key);
            else if (type == "reform" && reformIdBySlug.TryGetValue(key, out var reformId)) TagReform(id, reformId);
        }

        var measures = input.Measures.ToLookup(m => m.SampleNumber);
        var sampleRegions = input.SampleRegions.ToLookup(l => l.Owner, l => l.Value);
        foreach (var s in input.Samples)
        {
            if (!Wanted("sample", s.Number.ToString(CultureInfo.InvariantCulture))) continue;
            var number = s.Number.ToString(CultureInfo.InvariantCulture);
            var id = Add("sample", number, s.TitleZh, s.TitleEn, $"/api/v1/samples/{number}",
                string.Join('\n', measures[s.Number].Select(m => m.TextZh).Prepend(s.SummaryZh)),
                string.Join('\n', measures[s.Number].Select(m => m.TextEn).Prepend(s.SummaryEn)));
            TagSample(id, number);
            foreach (var region in sampleRegions[number]) Tag(id, "region", regionPath[region]);
        }

        foreach (var r in input.Reforms)
        {
            if (!Wanted("reform", r.Slug)) continue;
            var id = Add("reform", r.Slug, r.NameZh, r.NameEn, $"/api/v1/reforms/{r.Slug}", r.DescriptionZh, r.DescriptionEn);
            TagReform(id, r.Id.ToString(CultureInfo.InvariantCulture));
            Tag(id, "region", regionPath[r.RegionSlug]);
            TagYear(id, r.StartYear);
        }

        foreach (var f in input.Figures)
        {
            if (!Wanted("figure", f.Key)) continue;
            var id = Add("figure", f.Key, f.IndicatorZh, f.IndicatorEn, $"/api/v1/figures/{f.Key}", f.Quote, "",
                $"{f.SubjectType}:{f.SubjectKey}", Figures.FigureText.AsWritten(f.ValueText, f.Unit, f.QualifierText, f.Quote));
            foreach (var valueKey in SearchAnalyzer.ValueKeys(f.ValueText, f.Unit)) titleKeys.Add((valueKey, id));
            if (f.SampleNumber is { } n) TagSample(id, n.ToString(CultureInfo.InvariantCulture));
            if (f.ReformId is { } reform) TagReform(id, reform.ToString(CultureInfo.InvariantCulture));
            Tag(id, "region", regionPath[f.RegionSlug]);
            TagYear(id, f.Year);
        }

        foreach (var g in input.Regions)
        {
            if (!Wanted("region", g.Slug)) continue;
            var id = Add("region", g.Slug, g.NameZh, g.NameEn, $"/api/v1/regions/{g.Slug}", "", "");
            Tag(id, "region", g.Path);
        }

        foreach (var (events, type) in new[] { (input.Milestones, "milestone"), (input.Honors, "honor") })
            foreach (var e in events)
            {
                if (!Wanted(type, e.Slug)) continue;
                // An event of a sample or reform is evidence for it; an event or honor of a place is a record of its own.
                var id = Add(type, e.Slug, e.TitleZh, e.TitleEn, $"/api/v1/{type}s/{e.Slug}", e.Quote, "",
                    e.SubjectType is "sample" or "reform" ? $"{e.SubjectType}:{e.SubjectKey}" : null);
                TagSubject(id, e.SubjectType, e.SubjectKey);
                Tag(id, "region", regionPath[e.RegionSlug]);
                TagYear(id, e.Year);
            }

        var captions = input.Captions.ToLookup(c => c.SourceId, c => c.Text);
        foreach (var source in input.Sources)
        {
            if (!Wanted("source", source.Id)) continue;
            var passages = Passages(source.Text, captions[source.Id].ToList());
            var searchFrom = 0;
            for (var p = 0; p < passages.Count; p++)
            {
                var (offset, length) = Locate(source.Normalized, passages[p], searchFrom);
                if (offset >= 0) searchFrom = offset + 1;
                Add("passage", $"{source.Id}-{p + 1}", source.TitleZh, source.TitleEn, PassageUrl(source.Id, offset, length), passages[p], "", $"source:{source.Id}");
            }
            // Bylines (■仙降街道党工委书记 沈长城) stand in the layout's header lines, which the passages leave out with
            // the captions; they name who wrote the text, so each is one more passage of its source, as written. Only the
            // byline is indexed: short as it is, a match on the source's title would rank it above every real passage.
            var bylines = input.Captions.Where(c => c.SourceId == source.Id && IsByline(c)).Select(c => ByLineText(c.Text)).ToList();
            for (var b = 0; b < bylines.Count; b++)
            {
                var (offset, length) = Locate(source.Normalized, bylines[b], 0);
                Add("passage", $"{source.Id}-{passages.Count + b + 1}", source.TitleZh, source.TitleEn, PassageUrl(source.Id, offset, length), bylines[b], "", $"source:{source.Id}",
                    indexTitle: false);
            }
        }

        var aliases = docs.SelectMany(d => SearchAnalyzer.ApostropheWords(d.TitleEn + "\n" + d.TextEn))
            .Concat(docs.Where(d => d.Type is "sample" or "reform" or "region").SelectMany(d => PinyinNames(d.TitleEn)))
            .DistinctBy(a => a.Joined).ToList();

        if (only is not null)
            foreach (var (type, key) in only) SearchQueries.DeleteDocs(connection, tx, type, key);
        else SearchQueries.ClearIndex(connection, tx);
        SearchQueries.WriteIndex(connection, tx, docs, tags.Distinct(), titleKeys.Distinct(), aliases);
    }

    /// <summary>A passage's span of the normalised source text (the whole text when it could not be located).</summary>
    private static string PassageUrl(string sourceId, int offset, int length) => offset >= 0
        ? $"/api/v1/sources/{sourceId}/text?offset={offset.ToString(CultureInfo.InvariantCulture)}&length={length.ToString(CultureInfo.InvariantCulture)}"
        : $"/api/v1/sources/{sourceId}/text";

    /// <summary>A credit that names who wrote the text (■ bylines, 记者…), not who took or gave the photos (…摄, 本版图片由…提供).</summary>
    private static bool IsByline(SearchQueries.CaptionIn caption) =>
        caption.Kind == "credit" && !caption.Text.TrimEnd().EndsWith('摄') && !caption.Text.Contains("图片", StringComparison.Ordinal);

    /// <summary>The byline without the layout's bullet.</summary>
    private static string ByLineText(string text) => text.Trim().TrimStart('■').Trim();

    [GeneratedRegex(@"^(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|er|in|un|ia|ie|iu|ua|uo|ue|ui|a|o|e|i|u|v))+$")]
    private static partial Regex PinyinWord();

    /// <summary>
    /// Programme names our English labels spell in pinyin, two or more capitalised syllable words in a row (Wenxin
    /// Shanyu, Anxin Tuo): also searchable written as one word (wenxinshanyu), like Rui'an as ruian.
    /// </summary>
    private static IEnumerable<(string Joined, string Split)> PinyinNames(string titleEn)
    {
        var run = new List<string>();
        foreach (var word in titleEn.Split([' ', '“', '”', '"', '(', ')', ',', '·'], StringSplitOptions.RemoveEmptyEntries).Append(""))
        {
            if (word.Length > 1 && char.IsUpper(word[0]) && PinyinWord().IsMatch(word.ToLowerInvariant())) { run.Add(word.ToLowerInvariant()); continue; }
            if (run.Count >= 2) yield return (string.Concat(run), string.Join(' ', run));
            run.Clear();
        }
    }

    /// <summary>A place is also called without its level: 瑞安市 → 瑞安, 仙降街道 → 仙降, Lucheng District → Lucheng.</summary>
    private static IEnumerable<string> ShortNames(string nameZh, string nameEn)
    {
        var zh = RegionSuffixZh().Replace(nameZh, "");
        if (zh.Length >= 2 && zh != nameZh) yield return zh;
        var en = RegionSuffixEn().Replace(nameEn, "");
        if (en.Length >= 2 && en != nameEn) yield return en;
    }

    [GeneratedRegex("(自治县|街道|社区|市|县|区|镇|乡|村|省)$")]
    private static partial Regex RegionSuffixZh();

    [GeneratedRegex(@"\s+(District|Subdistrict|Town|Township|County|City|Village|Community|Province|Street)$")]
    private static partial Regex RegionSuffixEn();

    /// <summary>
    /// Where a passage stands in the normalised source (what /sources/{id}/text?offset=&amp;length= cites).
    /// A passage that closes over a removed caption is not one substring: it is located by its first
    /// and last sentence-sized pieces, and its span then includes the caption.
    /// </summary>
    private static (int Offset, int Length) Locate(string normalized, string passage, int from)
    {
        var at = normalized.IndexOf(passage, from, StringComparison.Ordinal);
        if (at >= 0) return (at, passage.Length);
        var piece = Math.Min(passage.Length, 12);
        at = normalized.IndexOf(passage[..piece], from, StringComparison.Ordinal);
        if (at < 0) return (-1, 0);
        var tail = normalized.IndexOf(passage[^piece..], at, StringComparison.Ordinal);
        return (at, tail < 0 ? passage.Length : tail + piece - at);
    }

    /// <summary>
    /// The source text as sentence passages, without its captions, credits and run-in headlines.
    /// The layouts wrap lines mid-sentence and split captions over several lines, so a caption is
    /// a run of up to four lines whose letters, read together, are one or more captions of that
    /// source; those lines are dropped and the rest is read as one normalised text.
    /// </summary>
    public static List<string> Passages(string text, IReadOnlyList<string> captions)
    {
        var lines = text.Replace("\r", "", StringComparison.Ordinal).Split('\n');
        var kept = CaptionFreeLines(lines, captions, out _);
        var body = QuoteNormalizer.Normalize(string.Join('\n', kept.Select(l => MarkdownHeading().Replace(l, ""))));

        var passages = new List<string>();
        var current = new StringBuilder();
        var sentenceStart = 0;
        for (var i = 0; i < body.Length; i++)
        {
            if (!(body[i] is '。' or '！' or '？' or '!' or '?' or '；') && i != body.Length - 1) continue;
            // Closing quotes stay with their sentence.
            var end = i + 1;
            while (end < body.Length && body[end] is '”' or '’' or '」' or '"') end++;
            var sentence = body[sentenceStart..end].Trim();
            sentenceStart = end;
            i = end - 1;
            if (sentence.Length == 0) continue;
            if (current.Length > 0 && current.Length + sentence.Length > PassageLength)
            {
                passages.Add(current.ToString());
                current.Clear();
            }
            current.Append(sentence);
        }
        if (current.Length > 0) passages.Add(current.ToString());
        return passages;
    }

    /// <summary>The lines that are not (parts of) captions; <paramref name="matched"/> gets the captions found.</summary>
    public static List<string> CaptionFreeLines(string[] lines, IReadOnlyList<string> captions, out HashSet<string> matched)
    {
        matched = [];
        var keys = captions.Select(c => (Caption: c, Key: LetterKey(c))).Where(c => c.Key.Length > 0).ToList();
        var nonEmpty = Enumerable.Range(0, lines.Length).Where(i => LetterKey(lines[i]).Length > 0).ToList();
        // A headline may stand behind a label (标题：…); the label goes with it.
        string KeyOf(int i) => LetterKey(Label().Replace(lines[i], ""));
        var drop = new HashSet<int>();
        for (var n = 0; n < nonEmpty.Count; n++)
        {
            for (var span = Math.Min(4, nonEmpty.Count - n); span >= 1; span--)
            {
                var joined = string.Concat(nonEmpty.Skip(n).Take(span).Select(KeyOf));
                var cover = Cover(joined, keys);
                if (cover is null) continue;
                foreach (var i in nonEmpty.Skip(n).Take(span)) drop.Add(i);
                matched.UnionWith(cover);
                n += span - 1;
                break;
            }
        }
        return lines.Where((_, i) => !drop.Contains(i)).ToList();
    }

    /// <summary>The captions whose letters, concatenated, are exactly <paramref name="key"/>; null when none are.</summary>
    private static List<string>? Cover(string key, List<(string Caption, string Key)> captions)
    {
        var from = new (int Previous, string Caption)?[key.Length + 1];
        var reachable = new bool[key.Length + 1];
        reachable[0] = true;
        for (var i = 0; i < key.Length; i++)
        {
            if (!reachable[i]) continue;
            foreach (var (caption, captionKey) in captions)
                if (string.CompareOrdinal(key, i, captionKey, 0, captionKey.Length) == 0 && i + captionKey.Length <= key.Length && !reachable[i + captionKey.Length])
                {
                    reachable[i + captionKey.Length] = true;
                    from[i + captionKey.Length] = (i, caption);
                }
        }
        if (!reachable[key.Length]) return null;
        var result = new List<string>();
        for (var at = key.Length; at > 0; at = from[at]!.Value.Previous) result.Add(from[at]!.Value.Caption);
        return result;
    }

    /// <summary>Letters and digits only: layout spaces, OCR gaps, markdown and ■ bullets do not count.</summary>
    private static string LetterKey(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var piece in SearchAnalyzer.Pieces(text)) builder.Append(piece.Text);
        return builder.ToString();
    }
}
