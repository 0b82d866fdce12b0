using System.Diagnostics;
using System.Globalization;
using CsvHelper;
using RuianSamples.Api.Export;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Export;

/// <summary>
/// Every CSV export opened by a real spreadsheet: LibreOffice Calc (headless, Debian's libreoffice-calc-nogui)
/// imports it as UTF-8 CSV, saves it as xlsx, and exports that back to CSV; every cell must read as the API meant it.
/// </summary>
public class SpreadsheetRoundTripTests(CatalogFactory factory) : IClassFixture<CatalogFactory>
{
    private static readonly string[] Resources = ["samples", "reforms", "figures", "regions", "themes", "milestones", "honors", "sources"];

    [Fact]
    public async Task Every_csv_cell_survives_libreoffice_csv_to_xlsx_to_csv()
    {
        var client = factory.CreateClient();
        var work = TempPaths.NewDirectory("calc");
        var csvDir = Directory.CreateDirectory(Path.Combine(work, "csv")).FullName;
        foreach (var resource in Resources)
            await File.WriteAllBytesAsync(Path.Combine(csvDir, resource + ".csv"), await client.GetByteArrayAsync($"/api/v1/export/{resource}.csv"));

        // Separator 44 (,), text delimiter 34 ("), character set 76 (UTF-8), from line 1.
        var profile = "file://" + Path.Combine(work, "profile");
        await Soffice(work, ["--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", Path.Combine(work, "xlsx"), .. Resources.Select(r => Path.Combine(csvDir, r + ".csv"))], profile);
        await Soffice(work, ["--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", Path.Combine(work, "back"), .. Resources.Select(r => Path.Combine(work, "xlsx", r + ".xlsx"))], profile);

        var mismatches = new List<string>();
        var cells = 0;
        foreach (var resource in Resources)
        {
            var original = ReadCsv(Path.Combine(csvDir, resource + ".csv"));
            var back = ReadCsv(Path.Combine(work, "back", resource + ".csv"));
            back.Should().HaveCount(original.Count, $"{resource}.csv keeps its rows");
            for (var row = 0; row < original.Count; row++)
                for (var column = 0; column < original[row].Length; column++)
                {
                    cells++;
                    var expected = SpreadsheetText.Unprotect(original[row][column]);
                    var actual = column < back[row].Length ? back[row][column] : "";
                    if (!SameCell(expected, actual)) mismatches.Add($"{resource}.csv row {row} column {original[0][column]}: '{expected}' came back as '{actual}'");
                }
        }
        try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        cells.Should().BeGreaterThan(5000);
        mismatches.Should().BeEmpty($"{cells} cells compared");
    }

    /// <summary>Booleans become the spreadsheet's TRUE/FALSE, which is what they are.</summary>
    private static bool SameCell(string expected, string actual) =>
        expected == actual || (expected is "true" or "false" && string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase));

    private static List<string[]> ReadCsv(string path)
    {
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        using var csv = new CsvParser(reader, CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (csv.Read()) rows.Add(csv.Record!);
        return rows;
    }

    private static async Task Soffice(string work, string[] arguments, string profile)
    {
        var start = new ProcessStartInfo("soffice") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = work };
        foreach (var a in new[] { "--headless", "--norestore", "-env:UserInstallation=" + profile }.Concat(arguments)) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        await process.WaitForExitAsync(timeout.Token);
        process.ExitCode.Should().Be(0, await output + await errors);
    }
}
