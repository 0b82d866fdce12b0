using Dapper;
using RuianSamples.Api.Data;

namespace RuianSamples.Api.Common;

/// <summary>
/// The closed value sets filters are checked against (theme slugs, source ids, figure kinds …),
/// read once per dataset version, so a bad enum value is a 400 that lists the allowed values.
/// </summary>
public sealed class Vocabulary(CatalogDb db)
{
    public static readonly string[] PilotLevels = ["national", "provincial", "municipal"];
    public static readonly string[] SubjectTypes = ["sample", "reform", "region"];

    private const string Sql = """
        SELECT 'theme' AS kind, slug AS value FROM themes
        UNION ALL SELECT 'source', id FROM sources
        UNION ALL SELECT DISTINCT 'figureKind', kind FROM figures
        UNION ALL SELECT DISTINCT 'regionLevel', level FROM regions
        """;

    private sealed class Row
    {
        public string Kind { get; init; } = "";
        public string Value { get; init; } = "";
    }

    public sealed record Sets(string Version, IReadOnlyList<string> Themes, IReadOnlyList<string> Sources, IReadOnlyList<string> FigureKinds, IReadOnlyList<string> RegionLevels);

    private Sets? _sets;

    public Sets Current
    {
        get
        {
            var version = db.Version;
            var sets = _sets;
            if (sets is not null && sets.Version == version) return sets;
            using var connection = db.OpenRead();
            var rows = connection.Query<Row>(Sql).ToLookup(r => r.Kind, r => r.Value);
            sets = new Sets(version, [.. rows["theme"]], [.. rows["source"].Order()], [.. rows["figureKind"].Order()], [.. rows["regionLevel"].Order()]);
            _sets = sets;
            return sets;
        }
    }
}
