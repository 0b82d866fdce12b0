using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace RuianSamples.Api.Data.Seeding;

/// <summary>An invalid seeds directory: every problem, each naming its file, record and what is wrong.</summary>
public sealed class SeedValidationException(IReadOnlyList<string> problems)
    : Exception($"The seeds are invalid ({problems.Count} problem(s)):\n  " + string.Join("\n  ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>Reads seeds/ and checks every rule of seeds/README.md before anything touches a database.</summary>
public static partial class SeedLoader
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        AllowTrailingCommas = false,
    };

    public static readonly string[] DatePrecisions = ["year", "month", "day"];
    public static readonly string[] ThemeKinds = ["demonstration_area", "gap"];
    public static readonly string[] RegionLevels = ["province", "city", "county", "district", "county_city", "town", "street", "township", "village", "community", "zone"];
    public static readonly string[] Qualifiers = ["exact", "more_than", "over", "nearly", "about", "at_least", "less_than"];
    public static readonly string[] FigureKinds = ["count", "amount", "share", "ratio", "rank", "duration", "growth", "area", "length", "other"];
    public static readonly string[] SubjectTypes = ["sample", "reform", "region"];
    public static readonly string[] PilotLevels = ["national", "provincial", "municipal"];
    public static readonly string[] FirstScopes = ["national", "provincial", "municipal", "county"];
    public static readonly string[] CaptionKinds = ["caption", "credit", "headline"];

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex(@"^\d{4}(-\d{2}(-\d{2})?)?$")]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"^[0-9]+(\.[0-9]+)?$")]
    private static partial Regex PlainNumber();

    public static SeedCatalog Load(string seedsDirectory)
    {
        var problems = new List<string>();
        var catalog = new SeedCatalog();
        if (!Directory.Exists(seedsDirectory))
            throw new SeedValidationException([$"{seedsDirectory}: the seeds directory does not exist"]);

        string Rel(string path) => Path.GetRelativePath(seedsDirectory, path).Replace('\\', '/');

        List<T> ReadList<T>(string path)
        {
            try
            {
                using var stream = File.OpenRead(path);
                return JsonSerializer.Deserialize<List<T>>(stream, Json) ?? [];
            }
            catch (JsonException e)
            {
                problems.Add($"{Rel(path)}: invalid JSON{(e.Path is null ? "" : $" at {e.Path}")}: {e.Message}");
                return [];
            }
        }

        IEnumerable<string> FilesIn(string folder) =>
            Directory.Exists(Path.Combine(seedsDirectory, folder))
                ? Directory.GetFiles(Path.Combine(seedsDirectory, folder), "*.json").Order(StringComparer.Ordinal)
                : [];

        // Sources: a manifest beside each text file.
        foreach (var manifestPath in FilesIn("sources"))
        {
            SourceSeed? manifest;
            try
            {
                using var stream = File.OpenRead(manifestPath);
                manifest = JsonSerializer.Deserialize<SourceSeed>(stream, Json);
            }
            catch (JsonException e)
            {
                problems.Add($"{Rel(manifestPath)}: invalid JSON: {e.Message}");
                continue;
            }
            if (manifest is null) continue;
            var where = $"{Rel(manifestPath)}: source '{manifest.Id}'";
            var textPath = Path.Combine(seedsDirectory, "sources", manifest.File);
            if (!File.Exists(textPath)) { problems.Add($"{where}: text file '{manifest.File}' not found"); continue; }
            if (!DatePattern().IsMatch(manifest.Date)) problems.Add($"{where}: date '{manifest.Date}' is not YYYY, YYYY-MM or YYYY-MM-DD");
            if (!DatePrecisions.Contains(manifest.DatePrecision)) problems.Add($"{where}: date_precision '{manifest.DatePrecision}' is not one of {string.Join(", ", DatePrecisions)}");
            var bytes = File.ReadAllBytes(textPath);
            var text = System.Text.Encoding.UTF8.GetString(bytes);
            catalog.Sources.Add(new SourceDocument(manifest, text, QuoteNormalizer.Normalize(text), Convert.ToHexStringLower(SHA256.HashData(bytes))));
        }
        Unique(catalog.Sources.Select(s => ("sources", s.Manifest.Id)), "source id", problems);
        var sources = catalog.Sources.GroupBy(s => s.Manifest.Id).ToDictionary(g => g.Key, g => g.First());

        void Quote(string where, string field, string? quote, string sourceId)
        {
            if (quote is null) return;
            if (!sources.TryGetValue(sourceId, out var source)) { problems.Add($"{where}: unknown source '{sourceId}'"); return; }
            if (string.IsNullOrWhiteSpace(quote)) { problems.Add($"{where}: {field} is empty"); return; }
            var normalized = QuoteNormalizer.Normalize(quote);
            if (normalized != quote) problems.Add($"{where}: {field} is not stored normalised (line breaks or spaces between CJK characters)");
            if (!source.Normalized.Contains(normalized, StringComparison.Ordinal))
                problems.Add($"{where}: {field} is not a verbatim quote of source '{sourceId}': \"{Truncate(quote)}\"");
        }

        void OneOf(string where, string field, string? value, string[] allowed, bool nullable = false)
        {
            if (value is null && nullable) return;
            if (value is null || !allowed.Contains(value)) problems.Add($"{where}: {field} '{value}' is not one of {string.Join(", ", allowed)}");
        }

        void Slug(string where, string slug)
        {
            if (!SlugPattern().IsMatch(slug)) problems.Add($"{where}: slug '{slug}' is not lowercase-hyphen ascii");
        }

        var themesPath = Path.Combine(seedsDirectory, "themes.json");
        if (File.Exists(themesPath))
            catalog.Themes.AddRange(ReadList<ThemeSeed>(themesPath).Select(t => new Located<ThemeSeed>("themes.json", t)));
        foreach (var file in FilesIn("regions"))
            catalog.Regions.AddRange(ReadList<RegionSeed>(file).Select(r => new Located<RegionSeed>(Rel(file), r)));
        var samplesPath = Path.Combine(seedsDirectory, "samples.json");
        if (File.Exists(samplesPath))
            catalog.Samples.AddRange(ReadList<SampleSeed>(samplesPath).Select(s => new Located<SampleSeed>("samples.json", s)));
        foreach (var file in FilesIn("reforms"))
            catalog.Reforms.AddRange(ReadList<ReformSeed>(file).Select(r => new Located<ReformSeed>(Rel(file), r)));
        foreach (var file in FilesIn("figures"))
            catalog.Figures.AddRange(ReadList<FigureSeed>(file).Select(f => (Path.GetFileNameWithoutExtension(file), new Located<FigureSeed>(Rel(file), f))));
        foreach (var file in FilesIn("milestones"))
            catalog.Milestones.AddRange(ReadList<MilestoneSeed>(file).Select(m => (Path.GetFileNameWithoutExtension(file), new Located<MilestoneSeed>(Rel(file), m))));
        foreach (var file in FilesIn("honors"))
            catalog.Honors.AddRange(ReadList<HonorSeed>(file).Select(h => (Path.GetFileNameWithoutExtension(file), new Located<HonorSeed>(Rel(file), h))));
        foreach (var file in FilesIn("captions"))
            catalog.Captions.AddRange(ReadList<CaptionSeed>(file).Select(c => (Path.GetFileNameWithoutExtension(file), new Located<CaptionSeed>(Rel(file), c))));

        foreach (var sourceId in catalog.Figures.Select(f => f.SourceId).Concat(catalog.Milestones.Select(m => m.SourceId))
                     .Concat(catalog.Honors.Select(h => h.SourceId)).Concat(catalog.Captions.Select(c => c.SourceId)).Distinct())
            if (!sources.ContainsKey(sourceId)) problems.Add($"{sourceId}.json: file named after unknown source '{sourceId}'");

        // Themes and regions.
        Unique(catalog.Themes.Select(t => (t.File, t.Record.Slug)), "theme slug", problems);
        foreach (var (file, t) in catalog.Themes)
        {
            Slug($"{file}: theme '{t.Slug}'", t.Slug);
            OneOf($"{file}: theme '{t.Slug}'", "kind", t.Kind, ThemeKinds);
        }
        var themes = catalog.Themes.Select(t => t.Record.Slug).ToHashSet();

        Unique(catalog.Regions.Select(r => (r.File, r.Record.Slug)), "region slug", problems);
        Unique(catalog.Regions.Where(r => r.Record.Code is not null).Select(r => (r.File, r.Record.Code!)), "region code", problems);
        var regions = catalog.Regions.GroupBy(r => r.Record.Slug).ToDictionary(g => g.Key, g => g.First().Record);
        foreach (var (file, r) in catalog.Regions)
        {
            var where = $"{file}: region '{r.Slug}'";
            Slug(where, r.Slug);
            OneOf(where, "level", r.Level, RegionLevels);
            if (r.Parent is not null && !regions.ContainsKey(r.Parent)) problems.Add($"{where}: parent '{r.Parent}' is not a region");
            if (r.Code is not null && !r.Code.All(char.IsAsciiDigit)) problems.Add($"{where}: code '{r.Code}' is not numeric");
            var seen = new HashSet<string> { r.Slug };
            for (var p = r.Parent; p is not null && regions.TryGetValue(p, out var parent); p = parent.Parent)
                if (!seen.Add(p)) { problems.Add($"{where}: parent chain loops through '{p}'"); break; }
        }
        void Region(string where, string? slug)
        {
            if (slug is not null && !regions.ContainsKey(slug)) problems.Add($"{where}: region '{slug}' is not defined in regions/");
        }

        // Samples.
        Unique(catalog.Samples.Select(s => (s.File, s.Record.Number.ToString())), "sample number", problems);
        Unique(catalog.Samples.Select(s => (s.File, s.Record.Slug)), "sample slug", problems);
        var reformSlugs = catalog.Reforms.Select(r => r.Record.Slug).ToHashSet();
        foreach (var (file, s) in catalog.Samples)
        {
            var where = $"{file}: sample {s.Number}";
            if (s.Number is < 1 or > 10) problems.Add($"{where}: number must be 1-10");
            Slug(where, s.Slug);
            if (!themes.Contains(s.Theme)) problems.Add($"{where}: theme '{s.Theme}' is not defined in themes.json");
            if (s.Regions.Count == 0) problems.Add($"{where}: regions is empty");
            foreach (var r in s.Regions) Region(where, r);
            Quote(where, "summary_zh", s.SummaryZh, s.Source);
            foreach (var (m, i) in (s.Measures ?? []).Select((m, i) => (m, i))) Quote($"{where} measure {i + 1}", "text_zh", m.TextZh, s.Source);
            foreach (var f in s.Firsts ?? [])
            {
                OneOf(where, "first scope", f.Scope, FirstScopes, nullable: true);
                Quote(where, "first quote", f.Quote, f.Source ?? s.Source);
            }
            foreach (var r in s.Reforms ?? [])
                if (!reformSlugs.Contains(r)) problems.Add($"{where}: reform '{r}' is not defined in reforms/");
        }
        var sampleNumbers = catalog.Samples.Select(s => s.Record.Number).ToHashSet();

        // Reforms.
        Unique(catalog.Reforms.Select(r => (r.File, r.Record.Slug)), "reform slug", problems);
        foreach (var (file, r) in catalog.Reforms)
        {
            var where = $"{file}: reform '{r.Slug}'";
            Slug(where, r.Slug);
            Region(where, r.Region);
            OneOf(where, "pilot_level", r.PilotLevel, PilotLevels, nullable: true);
            if (r.StartYear is < 1949 or > 2100) problems.Add($"{where}: start_year {r.StartYear} is implausible");
            Quote(where, "description_zh", r.DescriptionZh, r.Source);
            Quote(where, "start_year_quote", r.StartYearQuote, r.Source);
            Quote(where, "pilot_level_quote", r.PilotLevelQuote, r.Source);
            foreach (var f in r.Firsts ?? [])
            {
                OneOf(where, "first scope", f.Scope, FirstScopes, nullable: true);
                Quote(where, "first quote", f.Quote, f.Source ?? r.Source);
            }
            foreach (var t in r.Themes ?? [])
                if (!themes.Contains(t)) problems.Add($"{where}: theme '{t}' is not defined in themes.json");
            foreach (var n in r.Samples ?? [])
                if (!sampleNumbers.Contains(n)) problems.Add($"{where}: sample {n} is not defined in samples.json");
        }

        bool SubjectResolves(string type, string key) => type switch
        {
            "sample" => int.TryParse(key, out var n) && sampleNumbers.Contains(n),
            "reform" => reformSlugs.Contains(key),
            "region" => regions.ContainsKey(key),
            _ => false,
        };

        // Figures.
        Unique(catalog.Figures.Select(f => (f.Figure.File, f.Figure.Record.Id)), "figure id", problems);
        foreach (var (sourceId, (file, f)) in catalog.Figures)
        {
            var where = $"{file}: figure '{f.Id}'";
            OneOf(where, "subject_type", f.SubjectType, SubjectTypes);
            if (!SubjectResolves(f.SubjectType, f.Subject)) problems.Add($"{where}: subject {f.SubjectType} '{f.Subject}' does not resolve");
            OneOf(where, "qualifier", f.Qualifier, Qualifiers);
            OneOf(where, "kind", f.Kind, FigureKinds);
            Region(where, f.Region);
            Quote(where, "quote", f.Quote, sourceId);
            if (string.IsNullOrWhiteSpace(f.IndicatorZh) || string.IsNullOrWhiteSpace(f.IndicatorEn)) problems.Add($"{where}: indicator_zh and indicator_en are required");
            if (!f.Quote.Contains(f.ValueText, StringComparison.Ordinal)) problems.Add($"{where}: value_text '{f.ValueText}' does not appear in its quote");
            if (PlainNumber().IsMatch(f.ValueText) && double.Parse(f.ValueText, System.Globalization.CultureInfo.InvariantCulture) != f.Value)
                problems.Add($"{where}: value {f.Value} does not match value_text '{f.ValueText}'");
            if (f.Baseline is { } b)
            {
                if (!f.Quote.Contains(b.ValueText, StringComparison.Ordinal)) problems.Add($"{where}: baseline value_text '{b.ValueText}' does not appear in its quote");
                if (PlainNumber().IsMatch(b.ValueText) && double.Parse(b.ValueText, System.Globalization.CultureInfo.InvariantCulture) != b.Value)
                    problems.Add($"{where}: baseline value {b.Value} does not match '{b.ValueText}'");
            }
            if (f.Period is null && !f.PeriodInferred) { /* a figure may state no period; then it must say so */ }
            if (f.PeriodInferred && string.IsNullOrWhiteSpace(f.PeriodBasis)) problems.Add($"{where}: period_inferred needs a period_basis");
        }

        // Milestones and honors.
        Unique(catalog.Milestones.Select(m => (m.Milestone.File, m.Milestone.Record.Slug)), "milestone slug", problems);
        foreach (var (sourceId, (file, m)) in catalog.Milestones)
        {
            var where = $"{file}: milestone '{m.Slug}'";
            Slug(where, m.Slug);
            if (!DatePattern().IsMatch(m.Date)) problems.Add($"{where}: date '{m.Date}' is not YYYY, YYYY-MM or YYYY-MM-DD");
            OneOf(where, "date_precision", m.DatePrecision, DatePrecisions);
            Region(where, m.Region);
            Quote(where, "quote", m.Quote, sourceId);
            if (m.SubjectType is not null && (m.Subject is null || !SubjectResolves(m.SubjectType, m.Subject)))
                problems.Add($"{where}: subject {m.SubjectType} '{m.Subject}' does not resolve");
        }
        Unique(catalog.Honors.Select(h => (h.Honor.File, h.Honor.Record.Slug)), "honor slug", problems);
        foreach (var (sourceId, (file, h)) in catalog.Honors)
        {
            var where = $"{file}: honor '{h.Slug}'";
            Slug(where, h.Slug);
            Region(where, h.Region);
            Quote(where, "quote", h.Quote, sourceId);
            if (h.SubjectType is not null && (h.Subject is null || !SubjectResolves(h.SubjectType, h.Subject)))
                problems.Add($"{where}: subject {h.SubjectType} '{h.Subject}' does not resolve");
        }

        // Captions: verbatim, and inside no record's own text.
        foreach (var (sourceId, (file, c)) in catalog.Captions)
        {
            var where = $"{file}: caption \"{Truncate(c.Text)}\"";
            OneOf(where, "kind", c.Kind, CaptionKinds);
            Quote(where, "text", c.Text, sourceId);
        }
        var recordTexts = catalog.Samples.SelectMany(s => new[] { ($"{s.File}: sample {s.Record.Number} summary_zh", s.Record.SummaryZh) }
                .Concat((s.Record.Measures ?? []).Select((m, i) => ($"{s.File}: sample {s.Record.Number} measure {i + 1}", m.TextZh))))
            .Concat(catalog.Reforms.Select(r => ($"{r.File}: reform '{r.Record.Slug}' description_zh", r.Record.DescriptionZh)));
        var captionTexts = catalog.Captions.Select(c => c.Caption.Record.Text).Where(t => t.Length >= 4).ToList();
        foreach (var (where, text) in recordTexts)
            foreach (var caption in captionTexts)
                if (text.Contains(caption, StringComparison.Ordinal))
                    problems.Add($"{where}: contains the caption/headline \"{Truncate(caption)}\"; captions belong to no record");

        // A catalog without its documents or its samples is not a catalog: an empty seeds/ must not replace a live one.
        if (catalog.Sources.Count == 0) problems.Add($"{seedsDirectory}: no source documents; a catalog needs at least one");
        if (catalog.Samples.Count == 0) problems.Add($"{seedsDirectory}: no practice samples; a catalog needs at least one");
        if (problems.Count > 0) throw new SeedValidationException(problems);
        catalog.Version = DatasetVersion(seedsDirectory);
        return catalog;
    }

    private static void Unique(IEnumerable<(string File, string Key)> keys, string what, List<string> problems)
    {
        foreach (var group in keys.GroupBy(k => k.Key).Where(g => g.Count() > 1))
            problems.Add($"{string.Join(", ", group.Select(g => g.File).Distinct())}: duplicate {what} '{group.Key}'");
    }

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static string DatasetVersion(string seedsDirectory)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Directory.GetFiles(seedsDirectory, "*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".txt", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetRelativePath(seedsDirectory, file).Replace('\\', '/')));
            hash.AppendData(File.ReadAllBytes(file));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }
}
