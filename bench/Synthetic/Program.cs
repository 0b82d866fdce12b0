using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using RuianSamples.Api.Data.Seeding;

// Usage: dotnet Synthetic.dll <real seeds dir> <output dir> <records>
// Copies the real seeds and adds <records> SYNTHETIC records (half reforms, half figures about them) in
// synthetic sources whose text holds every quote, so the real validator and importer load them unchanged.
// Names and texts recombine real labels with a serial number, so term frequencies look like the catalog's.
// Everything it writes is marked synthetic (source title, slugs, labels) and lives only in a temp/bench folder.
if (args.Length != 3 || !int.TryParse(args[2], out var records) || records < 2)
{
    Console.Error.WriteLine("usage: Synthetic <real seeds dir> <output dir> <records>");
    return 2;
}
var (input, output) = (Path.GetFullPath(args[0]), Path.GetFullPath(args[1]));
if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
foreach (var file in Directory.GetFiles(input, "*", SearchOption.AllDirectories))
{
    var target = Path.Combine(output, Path.GetRelativePath(input, file));
    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
    File.Copy(file, target);
}

var real = SeedLoader.Load(input);
var json = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
var reforms = real.Reforms.Select(r => r.Record).ToList();
var indicators = real.Figures.Select(f => f.Figure.Record).ToList();
var regions = real.Regions.Select(r => r.Record.Slug).ToList();
var themes = real.Themes.Select(t => t.Record.Slug).ToList();
const int PerSource = 1000; // keeps each source text small: the validator searches every quote in its source

var reformCount = records / 2;
var figureCount = records - reformCount;
for (var start = 0; start < reformCount; start += PerSource / 2)
{
    var sourceId = $"synthetic-{start / (PerSource / 2) + 1:D4}";
    var text = new StringBuilder("合成数据（仅供基准测试，非真实内容）\n");
    var newReforms = new List<ReformSeed>();
    var newFigures = new List<FigureSeed>();
    for (var i = start; i < Math.Min(reformCount, start + PerSource / 2); i++)
    {
        var model = reforms[i % reforms.Count];
        var slug = $"synthetic-reform-{i + 1}";
        var description = $"{model.DescriptionZh}（合成{i + 1}）";
        text.Append(description).Append('\n');
        newReforms.Add(new ReformSeed(slug, $"{model.NameZh}（合成{i + 1}）", $"{model.NameEn} (synthetic {i + 1})", regions[i % regions.Count],
            2000 + i % 24, false, null, null, null, null, [themes[i % themes.Count]], true, description,
            $"{model.DescriptionEn} (synthetic {i + 1})", null, sourceId, null, "synthetic"));
        if (i >= figureCount) continue;
        var indicator = indicators[i % indicators.Count];
        var value = (i % 997 + 1).ToString(CultureInfo.InvariantCulture);
        var quote = $"{indicator.IndicatorZh}达{value}个（合成{i + 1}）";
        text.Append(quote).Append('\n');
        newFigures.Add(new FigureSeed($"syn-{i + 1}", "reform", slug, indicator.IndicatorZh, indicator.IndicatorEn, i % 997 + 1, value, "个",
            "exact", null, (2000 + i % 24).ToString(CultureInfo.InvariantCulture), false, null, null, "count", regions[i % regions.Count], quote));
    }
    File.WriteAllText(Path.Combine(output, "sources", sourceId + ".txt"), text.ToString());
    File.WriteAllText(Path.Combine(output, "sources", sourceId + ".json"), JsonSerializer.Serialize(new SourceSeed(sourceId, sourceId + ".txt", "synthetic",
        "合成数据（基准测试用，非真实）", "SYNTHETIC data for the bench (not real)", null, null, null, "2024", "year", false, null, null), json));
    File.WriteAllText(Path.Combine(output, "reforms", sourceId + ".json"), JsonSerializer.Serialize(newReforms, json));
    File.WriteAllText(Path.Combine(output, "figures", sourceId + ".json"), JsonSerializer.Serialize(newFigures, json));
}
Console.WriteLine($"wrote {reformCount} synthetic reforms and {figureCount} synthetic figures into {output}");
return 0;
