using System.Text.Encodings.Web;
using Dapper;
using Microsoft.Data.Sqlite;

// The least an ASP.NET Core API on this stack holds after load: two endpoints shaped like the bench's uncached reads, on
// the API's own catalog. /search: up to 20 search rows mapped by Dapper and written by System.Text.Json (about the size
// of a search page); /document: a stored record document copied out (a REST record).
var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
var app = builder.Build();
var catalog = new SqliteConnectionStringBuilder { DataSource = app.Configuration["Catalog"], Mode = SqliteOpenMode.ReadOnly }.ToString();

app.MapGet("/search", async (string q) =>
{
    using var connection = new SqliteConnection(catalog);
    var rows = (await connection.QueryAsync<Row>("""
        SELECT type AS Type, key AS Key, title_zh AS TitleZh, title_en AS TitleEn, url AS Url, text_zh AS TextZh, text_en AS TextEn
        FROM search_docs WHERE text_zh LIKE @Pattern OR text_en LIKE @Pattern LIMIT 20
        """, new { Pattern = "%" + q + "%" })).ToList();
    return new Page(rows, rows.Count);
});
app.MapGet("/document/{n:int}", async (int n) =>
{
    using var connection = new SqliteConnection(catalog);
    var body = await connection.QuerySingleOrDefaultAsync<byte[]>("SELECT body FROM record_documents ORDER BY record_type, record_key LIMIT 1 OFFSET @N", new { N = n });
    return body is null ? Results.NotFound() : Results.Bytes(body, "application/json");
});
app.Run();

internal sealed record Page(List<Row> Items, int Count);

internal sealed class Row
{
    public string Type { get; init; } = "";
    public string Key { get; init; } = "";
    public string TitleZh { get; init; } = "";
    public string TitleEn { get; init; } = "";
    public string Url { get; init; } = "";
    public string TextZh { get; init; } = "";
    public string TextEn { get; init; } = "";
}
