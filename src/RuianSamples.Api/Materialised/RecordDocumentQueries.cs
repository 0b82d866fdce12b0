using System.Data;
using Dapper;
using RuianSamples.Api.Data;

namespace RuianSamples.Api.Materialised;

/// <summary>The only place the SQL of the materialised documents lives (one text for both engines).</summary>
public sealed class RecordDocumentQueries(CatalogDb db)
{
    private const string OneSql = "SELECT body FROM record_documents WHERE record_type = @Type AND record_key = @Key";
    private const string ManySql = "SELECT record_key AS key, body FROM record_documents WHERE record_type = @Type AND record_key IN @Keys";
    private const string AllSql = "SELECT record_key AS key, body FROM record_documents WHERE record_type = @Type";
    private const string UpsertSql = """
        INSERT INTO record_documents (record_type, record_key, body) VALUES (@Type, @Key, @Body)
        ON CONFLICT (record_type, record_key) DO UPDATE SET body = excluded.body
        """;
    private const string DeleteAllSql = "DELETE FROM record_documents";

    /// <summary>One record's document in this request's snapshot; null when it has none.</summary>
    public byte[]? Find(string type, string key)
    {
        using var connection = db.OpenRead();
        return connection.QuerySingleOrDefault<byte[]?>(OneSql, new { Type = type, Key = key });
    }

    /// <summary>The documents of these records, by key (a record without one is missing from the map).</summary>
    public IReadOnlyDictionary<string, byte[]> FindMany(string type, IEnumerable<string> keys)
    {
        using var connection = db.OpenRead();
        return connection.Query<Stored>(ManySql, new { Type = type, Keys = SqlList.Of(keys) }).ToDictionary(d => d.Key, d => d.Body, StringComparer.Ordinal);
    }

    /// <summary>Every document of a type, by key (for the ten samples: GraphQL reads them beneath other records).</summary>
    public IReadOnlyDictionary<string, byte[]> All(string type)
    {
        using var connection = db.OpenRead();
        return connection.Query<Stored>(AllSql, new { Type = type }).ToDictionary(d => d.Key, d => d.Body, StringComparer.Ordinal);
    }

    /// <summary>A page's items as their stored documents, in the page's order; null unless every record has one (then the plain path renders it).</summary>
    public IReadOnlyList<RawRecord>? Page<TRow>(string type, IReadOnlyList<TRow> rows, Func<TRow, string> keyOf)
    {
        if (rows.Count == 0) return [];
        var keys = rows.Select(keyOf).ToList();
        var stored = FindMany(type, keys);
        return keys.All(stored.ContainsKey) ? keys.Select(k => new RawRecord(k, stored[k])).ToList() : null;
    }

    public static void Upsert(IDbConnection c, IDbTransaction tx, IEnumerable<(string Type, string Key, byte[] Body)> documents) =>
        c.Execute(UpsertSql, documents.Select(d => new { d.Type, d.Key, d.Body }), tx);

    public static void DeleteAll(IDbConnection c, IDbTransaction tx) => c.Execute(DeleteAllSql, transaction: tx);

    private sealed class Stored
    {
        public string Key { get; init; } = "";
        public byte[] Body { get; init; } = [];
    }
}
