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
