using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace RuianSamples.Api.Search;

/// <summary>
/// What a query means beyond its words: a place narrows to that region, a year to that period, 样本N / sample N names
/// a practice sample; traditional characters are read as simplified; a few documented synonyms widen a word. Each
/// filter read from the query is reported back (<see cref="AppliedFilter"/>) and can be switched off with literal=true.
/// </summary>
public static partial class QueryUnderstanding
{
    /// <summary>Pinyin of a region's level, dropped after a place name: "wencheng xian" is Wencheng.</summary>
    private static readonly HashSet<string> LevelPinyin = ["shi", "xian", "qu", "zhen", "xiang", "jiedao", "cun", "shequ", "sheng"];

    private static readonly Dictionary<char, int> ChineseDigits = new()
    {
        ['一'] = 1, ['二'] = 2, ['三'] = 3, ['四'] = 4, ['五'] = 5, ['六'] = 6, ['七'] = 7, ['八'] = 8, ['九'] = 9, ['十'] = 10,
    };

    /// <summary>
    /// Our synonym list (documented in the README): each key, a word or two-word phrase as typed (lower case), is
    /// also searched as each of its alternatives, English or Chinese. Small on purpose: only pairs the catalog's
    /// texts use for one thing.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> Synonyms = new Dictionary<string, string[]>
    {
        ["childcare"] = ["nursery", "托育"],
        ["nursery"] = ["childcare", "托育"],
        ["nurseries"] = ["childcare", "托育"],
        ["health insurance"] = ["\"medical insurance\"", "医保"],
        ["medical insurance"] = ["\"health insurance\"", "医保"],
        ["医疗保险"] = ["医保", "\"medical insurance\""], // the texts write only 医保
        ["homestay"] = ["\"B&B\"", "民宿"],
        ["homestays"] = ["\"B&B\"", "民宿"],
        ["b b"] = ["homestay", "民宿"],
        ["bnb"] = ["homestay", "民宿"],
    };

    [GeneratedRegex(@"^(?:样本|第)([一二三四五六七八九十]|10|[1-9])(?:个样本|號|号)?$")]
    private static partial Regex ChineseSample();

    private static readonly Lazy<Dictionary<string, string>> TraditionalTable = new(LoadTraditional);

    private static Dictionary<string, string> LoadTraditional()
    {
        using var stream = typeof(QueryUnderstanding).Assembly.GetManifestResourceStream("search/traditional-to-simplified.txt")!;
        using var reader = new StreamReader(stream);
        var table = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith('#') || line.IndexOf('\t') is var tab && tab < 0) continue;
            table[line[..tab]] = line[(tab + 1)..];
        }
        return table;
    }

    /// <summary>Traditional characters to simplified, character by character (醫保 → 医保, 城市書房 → 城市书房); the catalog is simplified.</summary>
    public static string ToSimplified(string text)
    {
        var table = TraditionalTable.Value;
        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            var s = rune.ToString();
            builder.Append(table.GetValueOrDefault(s, s));
        }
        return builder.ToString();
    }

    /// <summary>A practice sample named by the whole term: 样本八, 样本8, 第三个样本 (a CJK run), or null.</summary>
    public static int? SampleNumber(string cjkRun)
    {
        var m = ChineseSample().Match(cjkRun);
        if (!m.Success) return null;
        var n = m.Groups[1].Value;
        return n.Length == 1 && ChineseDigits.TryGetValue(n[0], out var d) ? d : int.Parse(n, CultureInfo.InvariantCulture);
    }

    public sealed record Understood(IReadOnlyList<SearchService.Term> Terms, int? Sample, int? Year, string? RegionSlug, IReadOnlyList<AppliedFilter> Applied);

    /// <summary>
    /// Reads place, year and sample out of the terms. A filter is only read from a query that keeps other words to
    /// search for (瑞安 alone is a search for the place), and never where the request already sets that filter.
    /// </summary>
    public static Understood Read(IReadOnlyList<SearchService.Term> terms, IReadOnlyDictionary<string, (string Slug, string NameZh, string NameEn)> regionNames,
        bool sampleSet, bool yearSet, bool regionSet)
    {
        var kept = terms.ToList();
        var applied = new List<AppliedFilter>();
        int? sample = null, year = null;
        string? regionSlug = null;

        static bool IsWord(SearchService.Term t) => t.Kind == SearchService.TermKind.Word;
        static string Text(SearchService.Term t) => t.Pieces[0].Text;

        // A level after a place name in pinyin says nothing more: "wencheng xian" → wencheng.
        for (var i = 1; i < kept.Count; i++)
            if (IsWord(kept[i]) && LevelPinyin.Contains(SearchAnalyzer.Joined(Text(kept[i]))) && IsWord(kept[i - 1])
                && regionNames.ContainsKey(SearchAnalyzer.NameKey(Text(kept[i - 1]))))
                kept.RemoveAt(i--);

        if (!sampleSet)
            for (var i = 0; i < kept.Count; i++)
            {
                int? n = null;
                var width = 1;
                if (kept[i].Kind == SearchService.TermKind.Cjk && SampleNumber(Text(kept[i])) is { } named) n = named;
                // sample 8, 样本8 (a CJK run and a number: two terms)
                else if ((IsWord(kept[i]) && SearchAnalyzer.Joined(Text(kept[i])) == "sample" || kept[i].Kind == SearchService.TermKind.Cjk && Text(kept[i]) == "样本")
                         && i + 1 < kept.Count && IsWord(kept[i + 1])
                         && int.TryParse(Text(kept[i + 1]), NumberStyles.None, CultureInfo.InvariantCulture, out var k)) { n = k; width = 2; }
                if (n is not (>= 1 and <= 10)) continue;
                sample = n;
                applied.Add(new AppliedFilter("sample", n.Value.ToString(CultureInfo.InvariantCulture), string.Join(' ', kept.Skip(i).Take(width).Select(Text))));
                kept.RemoveRange(i, width);
                break;
            }

        if (!yearSet)
            for (var i = 0; i < kept.Count && kept.Count > 1; i++)
                if (IsWord(kept[i]) && Text(kept[i]).Length == 4 && int.TryParse(Text(kept[i]), NumberStyles.None, CultureInfo.InvariantCulture, out var y)
                    && y is >= Common.Filters.MinYear and <= Common.Filters.MaxYear)
                {
                    year = y;
                    applied.Add(new AppliedFilter("year", Text(kept[i]), Text(kept[i])));
                    kept.RemoveAt(i);
                    break;
                }

        if (!regionSet)
            for (var i = 0; i < kept.Count && kept.Count > 1; i++)
                if (kept[i].Kind is SearchService.TermKind.Word or SearchService.TermKind.Cjk
                    && regionNames.TryGetValue(SearchAnalyzer.NameKey(Text(kept[i])), out var region))
                {
                    regionSlug = region.Slug;
                    applied.Add(new AppliedFilter("region", region.Slug, Text(kept[i]), new Common.Label(region.NameZh, region.NameEn)));
                    kept.RemoveAt(i);
                    break;
                }

        return new Understood(kept, sample, year, regionSlug, applied);
    }
}

/// <summary>A filter read from the words of the query (not from a parameter).</summary>
/// <param name="Filter">region, year or sample: the parameter it stands for.</param>
/// <param name="Value">The filter's value, as that parameter takes it (region slug, year, sample number).</param>
/// <param name="Text">The words of the query it was read from (they are no longer searched as text).</param>
/// <param name="Label">The region's name (regions only).</param>
public sealed record AppliedFilter(string Filter, string Value, string Text, Common.Label? Label = null);
