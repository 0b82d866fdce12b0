using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Nodes;
using RuianSamples.Api.Common;
using RuianSamples.Api.Figures;
using RuianSamples.Api.Reforms;
using RuianSamples.Api.Samples;

namespace RuianSamples.Api.Materialised;

/// <summary>
/// Each sample's and reform's JSON exactly as GET serves it now, rendered by the plain path's own
/// readers and serializer settings and stored beside the data (issue 17). On a cache miss an item read
/// is then one indexed lookup and a byte copy, and a list page reads its keys and then its items'
/// documents in one statement, instead of a dozen statements and a serialization.
/// The table is derived, like the search index: built at import, re-import, migration and copy, and
/// kept current inside every partner write's transaction, so the documents a snapshot reads are always
/// its own data's, on both engines and every instance. A read pinned to an earlier version, or of a
/// record without a document, takes the plain path.
/// </summary>
public static class RecordDocuments
{
    // Rendering reads rows by column name, as the API does; imports can run before the API's host sets this.
    static RecordDocuments() => Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;

    public const string Sample = "sample";
    public const string Reform = "reform";

    /// <summary>Reforms rendered per batch: each batch is a constant number of statements.</summary>
    private const int Batch = 500;

    /// <summary>Every document, from the records as they are in this transaction.</summary>
    public static void Build(DbConnection c, DbTransaction tx)
    {
        RecordDocumentQueries.DeleteAll(c, tx);
        RenderSamples(c, tx, SampleQueries.AllNumbers(c, tx));
        foreach (var ids in ReformQueries.AllIds(c, tx).Chunk(Batch)) RenderReforms(c, tx, ReformQueries.ByIds(c, tx, ids));
    }

    /// <summary>
    /// After a write, in its transaction: the documents that embed what it changed. A figure: the sample
    /// or reform it is about now, and the one it was about before the change. A reform: itself and every
    /// sample (samples list their reforms by name; there are ten). A new source: none yet.
    /// </summary>
    public static void Update(DbConnection c, DbTransaction tx, string recordType, string recordKey, JsonObject changes)
    {
        var subjects = new SortedSet<string>(StringComparer.Ordinal);
        if (recordType == Reform)
        {
            subjects.Add(recordKey);
            RenderSamples(c, tx, SampleQueries.AllNumbers(c, tx));
        }
        if (recordType == "figure")
        {
            if (FigureQueries.ByKey(c, tx, recordKey) is { } figure) subjects.Add(figure.SubjectKey);
            if (changes["subject.key"]?["before"] is JsonValue before && before.TryGetValue<string>(out var earlier)) subjects.Add(earlier);
            var numbers = subjects.Select(k => int.TryParse(k, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0)
                .Where(n => n > 0).ToList();
            if (numbers.Count > 0) RenderSamples(c, tx, numbers);
        }
        // Keys that are no reform's slug (a sample's number, a region) find no row here.
        RenderReforms(c, tx, subjects.Select(slug => ReformQueries.BySlug(c, tx, slug)).OfType<ReformRow>().ToList());
    }

    /// <summary>These samples' documents, as the records are in this transaction.</summary>
    public static void RenderSamples(DbConnection c, DbTransaction tx, IReadOnlyList<int> numbers)
    {
        var dtos = SampleReader.Assemble(c, tx, SampleQueries.ByNumbers(c, tx, numbers));
        RecordDocumentQueries.Upsert(c, tx, dtos.Select(s => (Sample, Key(s.Number), Render(s))));
    }

    private static void RenderReforms(DbConnection c, DbTransaction tx, IReadOnlyList<ReformRow> rows)
    {
        var dtos = ReformReader.Assemble(c, tx, rows);
        RecordDocumentQueries.Upsert(c, tx, dtos.Select(r => (Reform, r.Slug, Render(r))));
    }

    public static int Number(string key) => int.Parse(key, System.Globalization.CultureInfo.InvariantCulture);

    public static string Key(int number) => number.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The bytes the plain path writes for this record (the same type and serializer settings).</summary>
    public static byte[] Render<T>(T record) => JsonSerializer.SerializeToUtf8Bytes(record, ApiHttpExtensions.Json);
}
