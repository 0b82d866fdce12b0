using System.Globalization;
using System.Text.Json;
using System.Data.Common;
using RuianSamples.Api.Data;

namespace RuianSamples.Api.Partners;

/// <summary>
/// Administrators' commands against the configured database: <c>keys create|list|revoke</c>, and
/// <c>export revisions</c> (the partner revisions as NDJSON, which <c>reimport --force</c> requires first).
/// </summary>
public static class KeyCommands
{
    public const string ExportedThroughKey = "revisions_exported_through";

    /// <summary>The configured catalog (SQLite file or PostgreSQL), made ready as a start would.</summary>
    private sealed class Session : IDisposable
    {
        public Session(CatalogOptions options)
        {
            Db = CatalogDb.Create(options);
            Connection = Db.OpenWrite();
        }

        public CatalogDb Db { get; }
        public DbConnection Connection { get; }
        public DbTransaction Begin() => Db.BeginWrite(Connection);

        public void Dispose()
        {
            Connection.Dispose();
            Db.Dispose();
        }
    }

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private static List<string> ListOption(string[] args, string name) =>
        args.Select((a, i) => (a, i)).Where(x => x.a == name && x.i + 1 < args.Length)
            .SelectMany(x => args[x.i + 1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).Distinct().ToList();

    public static int Keys(CatalogOptions options, string[] args)
    {
        const string usage = "usage: keys create --name <agency> --region <slug>[,<slug>…] --scope <scope>[,<scope>…] | keys list | keys revoke <id>";
        switch (args.ElementAtOrDefault(0))
        {
            case "create":
            {
                var name = Option(args, "--name");
                var regions = ListOption(args, "--region");
                var scopes = ListOption(args, "--scope");
                if (string.IsNullOrWhiteSpace(name) || regions.Count == 0 || scopes.Count == 0) { Console.Error.WriteLine(usage); return 2; }
                if (scopes.FirstOrDefault(s => !Scopes.All.Contains(s)) is { } badScope)
                {
                    Console.Error.WriteLine($"'{badScope}' is not a scope. Scopes: {string.Join(", ", Scopes.All)}.");
                    return 2;
                }
                using var session = new Session(options);
                var connection = session.Connection;
                using var tx = session.Begin();
                if (regions.FirstOrDefault(r => PartnerQueries.RegionPath(connection, tx, r) is null) is { } badRegion)
                {
                    Console.Error.WriteLine($"'{badRegion}' is not a region slug (see /api/v1/regions).");
                    return 2;
                }
                var token = KeyTokens.NewToken();
                var id = PartnerQueries.CreateKey(connection, tx, name.Trim(), KeyTokens.Hash(token), KeyTokens.Display(token), regions, scopes, PartnerWriter.Now());
                tx.Commit();
                Console.WriteLine($"key {id} for {name.Trim()}: regions {string.Join(", ", regions)} (and the places within); scopes {string.Join(", ", scopes)}.");
                Console.WriteLine("The token is shown once; only its SHA-256 is stored. Send it as 'Authorization: Bearer <token>'.");
                Console.WriteLine(token);
                return 0;
            }
            case "list":
            {
                using var session = new Session(options);
                var connection = session.Connection;
                Console.WriteLine("id\tname\tregions\tscopes\tcreated\tlast used\trevoked\ttoken starts");
                foreach (var k in PartnerQueries.Keys(connection))
                    Console.WriteLine(string.Join('\t', k.Id.ToString(CultureInfo.InvariantCulture), k.Name, string.Join(",", k.RegionList), string.Join(",", k.ScopeList),
                        k.CreatedAt, k.LastUsedAt ?? "-", k.RevokedAt ?? "-", k.TokenPrefix + "…"));
                return 0;
            }
            case "revoke" when long.TryParse(args.ElementAtOrDefault(1), NumberStyles.None, CultureInfo.InvariantCulture, out var id):
            {
                using var session = new Session(options);
                var connection = session.Connection;
                using var tx = session.Begin();
                var revoked = PartnerQueries.RevokeKey(connection, tx, id, PartnerWriter.Now());
                tx.Commit();
                Console.WriteLine(revoked ? $"key {id} revoked: its token is refused from now on" : $"no active key {id}");
                return revoked ? 0 : 1;
            }
            default:
                Console.Error.WriteLine(usage);
                return 2;
        }
    }

    /// <summary><c>export revisions [file]</c>: every partner revision as NDJSON (to the file, or standard output), in change-feed order.</summary>
    public static int Export(CatalogOptions options, string[] args)
    {
        if (args.ElementAtOrDefault(0) != "revisions") { Console.Error.WriteLine("usage: export revisions [file.ndjson]"); return 2; }
        using var session = new Session(options);
        var connection = session.Connection;
        var revisions = PartnerQueries.AllChanges(connection);
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Encoder = Common.ApiHttpExtensions.Encoder };
        using (var output = args.ElementAtOrDefault(1) is { } file ? new StreamWriter(file) : new StreamWriter(Console.OpenStandardOutput()))
            foreach (var r in revisions)
                output.Write(JsonSerializer.Serialize(RevisionDto.From(r), json) + "\n");
        using var tx = session.Begin();
        PartnerQueries.SetMeta(connection, tx, ExportedThroughKey, (revisions.Count > 0 ? revisions[^1].Position : 0).ToString(CultureInfo.InvariantCulture));
        tx.Commit();
        Console.Error.WriteLine($"exported {revisions.Count} revision(s)");
        return 0;
    }

    /// <summary>
    /// Null when a re-import may go ahead; otherwise why not. Partner revisions would be lost: refuse,
    /// unless --force and every revision was exported first.
    /// </summary>
    public static string? ReimportRefusal(CatalogOptions options, bool force)
    {
        if (options.ResolvedEngine == CatalogEngine.Sqlite && !File.Exists(options.DatabasePath)) return null;
        using var session = new Session(options);
        var connection = session.Connection;
        var count = PartnerQueries.RevisionCount(connection);
        if (count == 0) return null;
        var last = PartnerQueries.AllChanges(connection) is { Count: > 0 } all ? all[^1].Position : 0;
        var exported = long.TryParse(PartnerQueries.Meta(connection, ExportedThroughKey), NumberStyles.None, CultureInfo.InvariantCulture, out var e) ? e : -1;
        if (force && exported >= last) return null;
        return $"The database holds {count} partner revision(s); a re-import from seeds/ would lose them. "
            + "Export them first: dotnet run --project src/RuianSamples.Api -- export revisions revisions.ndjson"
            + (force ? $" (the last export covers position {Math.Max(0, exported)} of {last})." : ", then run reimport --force.");
    }
}
