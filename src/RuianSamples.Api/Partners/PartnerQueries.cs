using Dapper;
using System.Data.Common;
using RuianSamples.Api.Data;
using RuianSamples.Api.Data.Seeding;

namespace RuianSamples.Api.Partners;

/// <summary>
/// The only place SQL about partner writes lives: keys, the lookups provenance rules need, revisions,
/// the change feed, the audit log and idempotency records. Methods that take a connection and a
/// transaction run inside a write's transaction; the others read.
/// </summary>
public sealed class PartnerQueries(CatalogDb db)
{
    public sealed class KeyRow
    {
        public long Id { get; init; }
        public string Name { get; init; } = "";
        public string TokenPrefix { get; init; } = "";
        public string Regions { get; init; } = "[]";
        public string Scopes { get; init; } = "[]";
        public string CreatedAt { get; init; } = "";
        public string? LastUsedAt { get; init; }
        public string? RevokedAt { get; init; }

        public IReadOnlyList<string> RegionList => System.Text.Json.JsonSerializer.Deserialize<List<string>>(Regions) ?? [];
        public IReadOnlyList<string> ScopeList => System.Text.Json.JsonSerializer.Deserialize<List<string>>(Scopes) ?? [];
    }

    // Aliased, not left to Dapper's underscore matching: the keys commands run without the web host's set-up.
    private const string KeyColumns = "id, name, token_prefix AS TokenPrefix, regions, scopes, created_at AS CreatedAt, last_used_at AS LastUsedAt, revoked_at AS RevokedAt";
    private const string KeyByHashSql = $"SELECT {KeyColumns} FROM api_keys WHERE token_hash = @Hash";
    private const string KeysSql = $"SELECT {KeyColumns} FROM api_keys ORDER BY id";
    private const string RegionPathsSql = "SELECT path FROM regions WHERE slug IN @Slugs ORDER BY path";
    private const string InsertKeySql = """
        INSERT INTO api_keys (name, token_hash, token_prefix, regions, scopes, created_at)
        VALUES (@Name, @Hash, @Prefix, @Regions, @Scopes, @At) RETURNING id
        """;
    private const string RevokeKeySql = "UPDATE api_keys SET revoked_at = @At WHERE id = @Id AND revoked_at IS NULL";
    private const string TouchKeySql = "UPDATE api_keys SET last_used_at = @At WHERE id = @Id";

    public async Task<(KeyRow Key, IReadOnlyList<string> RegionPaths)?> KeyByHashAsync(string hash)
    {
        using var connection = db.OpenRead();
        var key = await connection.QuerySingleOrDefaultAsync<KeyRow>(KeyByHashSql, new { Hash = hash });
        if (key is null) return null;
        var paths = (await connection.QueryAsync<string>(RegionPathsSql, new { Slugs = SqlList.Of(key.RegionList) })).AsList();
        return (key, paths);
    }

    public static IReadOnlyList<KeyRow> Keys(DbConnection c) => c.Query<KeyRow>(KeysSql).AsList();

    public static long CreateKey(DbConnection c, DbTransaction tx, string name, string hash, string prefix, IEnumerable<string> regions, IEnumerable<string> scopes, string at) =>
        c.ExecuteScalar<long>(InsertKeySql, new { Name = name, Hash = hash, Prefix = prefix, Regions = Json.Array(regions), Scopes = Json.Array(scopes), At = at }, tx);

    public static bool RevokeKey(DbConnection c, DbTransaction tx, long id, string at) => c.Execute(RevokeKeySql, new { Id = id, At = at }, tx) == 1;

    public static void TouchKey(DbConnection c, DbTransaction tx, long id, string at) => c.Execute(TouchKeySql, new { Id = id, At = at }, tx);

    private const string WritesSinceSql = "SELECT count(*) FROM audit_log WHERE key_id = @KeyId AND outcome = 'written' AND at >= @Since";

    /// <summary>The key's writes since a moment (audit times are ISO 8601 in UTC, so they compare as text).</summary>
    public static long WritesSince(DbConnection c, DbTransaction tx, long keyId, DateTimeOffset since) =>
        c.ExecuteScalar<long>(WritesSinceSql, new { KeyId = keyId, Since = since.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture) }, tx);

    private const string MetaSql = "SELECT value FROM dataset_meta WHERE key = @Key";
    private const string SetMetaSql = "INSERT INTO dataset_meta (key, value) VALUES (@Key, @Value) ON CONFLICT (key) DO UPDATE SET value = excluded.value";

    public static string? Meta(DbConnection c, string key) => c.QuerySingleOrDefault<string>(MetaSql, new { Key = key });

    public static void SetMeta(DbConnection c, DbTransaction tx, string key, string value) => c.Execute(SetMetaSql, new { Key = key, Value = value }, tx);

    // Lookups for the provenance rules, inside the write's transaction (they see what it sees).
    private const string SourceTextSql = "SELECT text_normalized FROM sources WHERE id = @Id";
    private const string RegionPathSql = "SELECT path FROM regions WHERE slug = @Slug";
    private const string SampleExistsSql = "SELECT count(*) FROM samples WHERE number = @Number";
    private const string ReformIdSql = "SELECT id FROM reforms WHERE slug = @Slug";
    private const string ThemeExistsSql = "SELECT count(*) FROM themes WHERE slug = @Slug";

    public static string? RegionPath(DbConnection c, DbTransaction tx, string slug) => c.QuerySingleOrDefault<string>(RegionPathSql, new { Slug = slug }, tx);

    public static long? ReformId(DbConnection c, DbTransaction tx, string slug) => c.QuerySingleOrDefault<long?>(ReformIdSql, new { Slug = slug }, tx);

    private const string ReformRegionSql = "SELECT region_slug FROM reforms WHERE slug = @Slug";
    private const string SampleRegionsSql = "SELECT region_slug FROM sample_regions WHERE sample_number = @Number ORDER BY position";

    /// <summary>The region(s) a subject is of: a region itself, a reform's region, a sample's lead regions; empty when it does not resolve.</summary>
    public static IReadOnlyList<string> SubjectRegions(DbConnection c, DbTransaction tx, string type, string key) => type switch
    {
        "region" => [key], // WriteRules.RequireRelatedRegions reads its path (an unknown region is refused before, by the provenance rules)
        "reform" => c.QuerySingleOrDefault<string>(ReformRegionSql, new { Slug = key }, tx) is { } region ? [region] : [],
        "sample" when int.TryParse(key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) => SampleRegions(c, tx, n),
        _ => [],
    };

    public static IReadOnlyList<string> SampleRegions(DbConnection c, DbTransaction tx, int number) =>
        c.Query<string>(SampleRegionsSql, new { Number = number }, tx).AsList();

    public static ProvenanceLookups Lookups(DbConnection c, DbTransaction tx)
    {
        var sources = new Dictionary<string, string?>();
        bool SampleExists(int n) => c.ExecuteScalar<long>(SampleExistsSql, new { Number = n }, tx) > 0;
        return new ProvenanceLookups(
            id => sources.TryGetValue(id, out var text) ? text : sources[id] = c.QuerySingleOrDefault<string>(SourceTextSql, new { Id = id }, tx),
            slug => RegionPath(c, tx, slug) is not null,
            (type, key) => type switch
            {
                "sample" => int.TryParse(key, out var n) && SampleExists(n),
                "reform" => ReformId(c, tx, key) is not null,
                "region" => RegionPath(c, tx, key) is not null,
                _ => false,
            },
            slug => c.ExecuteScalar<long>(ThemeExistsSql, new { Slug = slug }, tx) > 0,
            SampleExists);
    }

    // Revisions and the change feed.
    public sealed class RevisionRow
    {
        public long Position { get; init; }
        public string RecordType { get; init; } = "";
        public string RecordKey { get; init; } = "";
        public long Revision { get; init; }
        public string Action { get; init; } = "";
        public string CreatedAt { get; init; } = "";
        public long? KeyId { get; init; }
        public string KeyName { get; init; } = "";
        public string? Comment { get; init; }
        public string Changes { get; init; } = "{}";
        public string DatasetVersion { get; init; } = "";
    }

    private const string InsertRevisionSql = """
        INSERT INTO revisions (record_type, record_key, revision, action, created_at, key_id, key_name, comment, changes, dataset_version)
        VALUES (@RecordType, @RecordKey, @Revision, @Action, @CreatedAt, @KeyId, @KeyName, @Comment, @Changes, @DatasetVersion)
        RETURNING id
        """;
    private const string InsertFeedSql = "INSERT INTO change_feed (position, revision_id) VALUES ((SELECT coalesce(max(position), 0) + 1 FROM change_feed), @Id)";
    /// <summary>Revisions with their feed position (the version list and pinned reads select them too).</summary>
    internal const string RevisionSelect = """
        SELECT c.position, r.record_type AS RecordType, r.record_key AS RecordKey, r.revision, r.action, r.created_at AS CreatedAt, r.key_id AS KeyId,
               r.key_name AS KeyName, r.comment, r.changes, r.dataset_version AS DatasetVersion
        FROM change_feed c JOIN revisions r ON r.id = c.revision_id
        """;
    private const string HistorySql = RevisionSelect + " WHERE r.record_type = @Type AND r.record_key IN @Keys ORDER BY r.record_key, r.revision";
    private const string ChangesSql = RevisionSelect + " WHERE c.position > @After ORDER BY c.position LIMIT @Limit";
    private const string LatestSql = RevisionSelect + " ORDER BY c.position DESC LIMIT @Limit";
    private const string RevisionCountSql = "SELECT count(*) FROM revisions";

    public static void AddRevision(DbConnection c, DbTransaction tx, RevisionRow r)
    {
        var id = c.ExecuteScalar<long>(InsertRevisionSql, r, tx);
        c.Execute(InsertFeedSql, new { Id = id }, tx);
    }

    public async Task<IReadOnlyList<RevisionRow>> HistoryAsync(string type, string key) => (await HistoriesAsync(type, [key]))[key].ToList();

    /// <summary>The revisions of many records of one type in one statement (GraphQL's history loaders), oldest first.</summary>
    public async Task<ILookup<string, RevisionRow>> HistoriesAsync(string type, IEnumerable<string> keys)
    {
        using var connection = db.OpenRead();
        return (await connection.QueryAsync<RevisionRow>(HistorySql, new { Type = type, Keys = keys.ToList() })).ToLookup(r => r.RecordKey);
    }

    public async Task<IReadOnlyList<RevisionRow>> ChangesAsync(long after, int limit)
    {
        using var connection = db.OpenRead();
        return (await connection.QueryAsync<RevisionRow>(ChangesSql, new { After = after, Limit = limit })).AsList();
    }

    /// <summary>The newest revisions first (the home page's "latest changes").</summary>
    public async Task<IReadOnlyList<RevisionRow>> LatestAsync(int limit)
    {
        using var connection = db.OpenRead();
        return (await connection.QueryAsync<RevisionRow>(LatestSql, new { Limit = limit })).AsList();
    }

    public static IReadOnlyList<RevisionRow> AllChanges(DbConnection c) => c.Query<RevisionRow>(ChangesSql, new { After = 0, Limit = long.MaxValue }).AsList();

    public static long RevisionCount(DbConnection c) => c.ExecuteScalar<long>(RevisionCountSql);

    // The audit log.
    public sealed class AuditRow
    {
        public long Id { get; init; }
        public string At { get; init; } = "";
        public long? KeyId { get; init; }
        public string? KeyName { get; init; }
        public string Method { get; init; } = "";
        public string Route { get; init; } = "";
        public long Status { get; init; }
        public string Outcome { get; init; } = "";
        public string? Detail { get; init; }
        public string? RecordType { get; init; }
        public string? RecordKey { get; init; }
    }

    private const string InsertAuditSql = """
        INSERT INTO audit_log (at, key_id, key_name, method, route, status, outcome, detail, record_type, record_key)
        VALUES (@At, @KeyId, @KeyName, @Method, @Route, @Status, @Outcome, @Detail, @RecordType, @RecordKey)
        """;
    private const string AuditSql = """
        SELECT id, at, key_id, key_name, method, route, status, outcome, detail, record_type, record_key
        FROM audit_log WHERE id > @After ORDER BY id LIMIT @Limit
        """;

    public static void Audit(DbConnection c, DbTransaction tx, AuditRow row)
    {
        c.Execute(InsertAuditSql, row, tx);
        if (row.KeyId is { } id) TouchKey(c, tx, id, row.At);
    }

    public async Task<IReadOnlyList<AuditRow>> AuditAsync(long after, int limit)
    {
        using var connection = db.OpenRead();
        return (await connection.QueryAsync<AuditRow>(AuditSql, new { After = after, Limit = limit })).AsList();
    }

    // Idempotency records.
    public sealed class IdempotencyRow
    {
        public string RequestHash { get; init; } = "";
        public string Route { get; init; } = "";
        public long Status { get; init; }
        public string? Location { get; init; }
        public string? Etag { get; init; }
        public string Body { get; init; } = "";
    }

    private const string IdempotencySql = "SELECT request_hash, route, status, location, etag, body FROM idempotency_keys WHERE key_id = @KeyId AND idempotency_key = @Key";
    private const string InsertIdempotencySql = """
        INSERT INTO idempotency_keys (key_id, idempotency_key, route, request_hash, status, location, etag, body, created_at)
        VALUES (@KeyId, @Key, @Route, @RequestHash, @Status, @Location, @Etag, @Body, @At)
        """;

    public static IdempotencyRow? Idempotency(DbConnection c, DbTransaction tx, long keyId, string key) =>
        c.QuerySingleOrDefault<IdempotencyRow>(IdempotencySql, new { KeyId = keyId, Key = key }, tx);

    public static void RememberIdempotency(DbConnection c, DbTransaction tx, long keyId, string key, IdempotencyRow row, string at) =>
        c.Execute(InsertIdempotencySql, new { KeyId = keyId, Key = key, row.Route, row.RequestHash, row.Status, row.Location, row.Etag, row.Body, At = at }, tx);
}
