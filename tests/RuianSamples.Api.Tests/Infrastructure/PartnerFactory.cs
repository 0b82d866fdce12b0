using System.Net.Http.Headers;
using System.Text;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using RuianSamples.Api.Data;
using RuianSamples.Api.Partners;

namespace RuianSamples.Api.Tests.Infrastructure;

/// <summary>A catalog that partners write to: keys are made as <c>keys create</c> makes them (hashed token in api_keys).</summary>
public class PartnerFactory : CatalogFactory
{
    public int WritesPerMinute { get; init; } = 100_000;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Writes:PerMinute", WritesPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Writes:Burst", Math.Min(WritesPerMinute, 100_000).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>A new key; returns its token.</summary>
    public string CreateKey(string name, string regions, string scopes)
    {
        using var connection = OpenDatabase();
        using var tx = connection.BeginTransaction();
        var token = KeyTokens.NewToken();
        PartnerQueries.CreateKey(connection, tx, name, KeyTokens.Hash(token), KeyTokens.Display(token), regions.Split(','), scopes.Split(','), PartnerWriter.Now());
        tx.Commit();
        return token;
    }

    public HttpClient ClientWithKey(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The search index as it is now, and as a full rebuild in the same database makes it (rolled back): a write's in-place update must equal the rebuild.</summary>
    public (string Updated, string Rebuilt) SearchIndexAndRebuild()
    {
        using var connection = OpenDatabase();
        string Index(System.Data.Common.DbTransaction? tx)
        {
            var tags = connection.Query<(long DocId, string Tag)>("SELECT doc_id, tag FROM search_doc_tags ORDER BY doc_id, tag", transaction: tx)
                .ToLookup(t => t.DocId, t => t.Tag);
            // The English texts' spans (0010) mark English hits; PostgreSQL's BM25 also reads FTS5's tokens and lengths per row and the totals (0009_search_bm25.sql).
            var postgres = connection is not Microsoft.Data.Sqlite.SqliteConnection;
            var bm25 = postgres ? " || '|' || f.token_count || '|' || f.zh_title_bi_tokens || f.zh_body_bi_tokens || f.en_title_tokens || f.en_body_tokens || '|' || f.en::text" : "";
            var totals = postgres ? connection.QuerySingle<string>("SELECT docs || '|' || tokens FROM search_stats", transaction: tx) : "";
            return totals + "\n" + string.Join('\n', connection.Query<(long Id, string Line)>($"""
                SELECT d.id, d.type || '|' || d.key || '|' || d.title_zh || '|' || d.text_zh || '|' || d.url || '|' || f.zh_body_bi
                       || '|' || coalesce(d.en_title_spans, '-') || '|' || coalesce(d.en_body_spans, '-'){bm25}
                FROM search_docs d JOIN search_fts f ON f.rowid = d.id ORDER BY d.type, d.key
                """, transaction: tx).Select(r => r.Line + "|" + string.Join(',', tags[r.Id])))
                // The suggestions' rows (0012): one per sample, region and reform, each under its order's key.
                + "\n" + string.Join('\n', connection.Query<string>($"""
                SELECT d.type || '|' || d.key || '|' || CASE WHEN s.rowid = {RuianSamples.Api.Search.SearchQueries.SuggestKey} THEN 'in order' ELSE 'misplaced' END
                FROM search_suggest s JOIN search_docs d ON d.id = s.rowid % 4294967296 ORDER BY d.type, d.key
                """, transaction: tx));
        }
        var updated = Index(null);
        using var rebuild = connection.BeginTransaction();
        RuianSamples.Api.Search.SearchIndexBuilder.Build(connection, rebuild);
        var rebuilt = Index(rebuild);
        rebuild.Rollback();
        return (updated, rebuilt);
    }

    /// <summary>Everything a refused write must leave as it was: the records, revisions, feed, keys' data and the version (not the audit log).</summary>
    public string Fingerprint()
    {
        using var connection = OpenDatabase();
        var text = new StringBuilder();
        foreach (var table in new[] { "sources", "figures", "reforms", "revisions", "change_feed", "dataset_meta", "idempotency_keys", "search_docs" })
            foreach (var row in connection.Query($"SELECT * FROM {table} ORDER BY 1"))
                text.AppendLine(string.Join('|', ((IDictionary<string, object?>)row).Values));
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}

public static class PartnerHttp
{
    public static StringContent Json(string json, string mediaType = "application/json") => new(json, Encoding.UTF8, mediaType);

    public static async Task<HttpResponseMessage> Send(this HttpClient client, HttpMethod method, string url, string? json, string mediaType = "application/json",
        string? ifMatch = null, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (json is not null) request.Content = Json(json, mediaType);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await client.SendAsync(request);
    }

    public static async Task<System.Text.Json.JsonElement> Body(this HttpResponseMessage response) =>
        System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
