using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Net.Http.Headers;
using RuianSamples.Api.Data;

namespace RuianSamples.Api.Common;

/// <summary>Marks an endpoint whose body is streamed: it is neither buffered nor cached here.</summary>
public sealed class StreamedResponseAttribute : Attribute;

/// <summary>
/// Rendered GET responses keyed on (dataset version, path, query). The key includes the version,
/// so a re-import (which changes the version) can never serve stale bytes; the map is also cleared
/// then, and bounded in size.
/// </summary>
public sealed class ResponseCache
{
    public const int MaxEntries = 20_000;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public ResponseCache(CatalogDb db) => db.Changed += Clear;

    public sealed record Entry(byte[] Body, string ContentType, string ETag);

    /// <summary>The strong ETag of a body: writes answer with the ETag a GET of the same record gives.</summary>
    public static string ETagOf(ReadOnlySpan<byte> body) => "\"" + Convert.ToHexStringLower(SHA256.HashData(body)[..12]) + "\"";

    public bool TryGet(string key, out Entry entry) => _entries.TryGetValue(key, out entry!);

    public void Set(string key, Entry entry)
    {
        if (_entries.Count >= MaxEntries) _entries.Clear();
        _entries[key] = entry;
    }

    public void Clear() => _entries.Clear();

    public int Count => _entries.Count;
}

/// <summary>
/// For GET/HEAD under /api: a strong ETag (a hash of the exact body), 304 on If-None-Match,
/// Cache-Control, ?pretty indentation, and the response cache.
/// </summary>
public sealed class CachingMiddleware(RequestDelegate next, ResponseCache cache, CatalogDb db)
{
    private const string CacheControl = "public, max-age=60, stale-while-revalidate=60";

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            || !request.Path.StartsWithSegments("/api", StringComparison.Ordinal)
            || context.GetEndpoint()?.Metadata.GetMetadata<StreamedResponseAttribute>() is not null)
        {
            await next(context);
            return;
        }

        // bench/run.sh measures queries, not the cache: with Bench:Enabled a request may opt out.
        if (Bench.BenchOptions.BypassesCache(context))
        {
            await next(context);
            return;
        }

        var key = db.Version + "|" + request.Path.Value + request.QueryString.Value;
        if (cache.TryGet(key, out var hit))
        {
            await Write(context, hit);
            return;
        }

        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        var body = buffer.ToArray();
        var contentType = context.Response.ContentType ?? "application/json";
        if (context.Response.StatusCode != StatusCodes.Status200OK)
        {
            context.Response.Headers.CacheControl = "no-store";
            if (body.Length > 0) await original.WriteAsync(body); // an empty 404 is left for the status-code page (problem details)
            return;
        }
        if (request.Query.ContainsKey("pretty") && contentType.StartsWith("application/json", StringComparison.Ordinal))
            body = Indent(body);
        var entry = new ResponseCache.Entry(body, contentType, ResponseCache.ETagOf(body));
        cache.Set(key, entry);
        await Write(context, entry);
    }

    private static async Task Write(HttpContext context, ResponseCache.Entry entry)
    {
        var response = context.Response;
        response.Headers.ETag = entry.ETag;
        response.Headers.CacheControl = CacheControl;
        response.Headers.Vary = "Accept-Encoding";
        if (IfNoneMatch(context.Request, entry.ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = entry.ContentType;
        response.ContentLength = entry.Body.Length;
        if (!HttpMethods.IsHead(context.Request.Method)) await response.Body.WriteAsync(entry.Body);
    }

    private static bool IfNoneMatch(HttpRequest request, string etag)
    {
        var header = request.Headers.IfNoneMatch;
        if (header.Count == 0) return false;
        if (!EntityTagHeaderValue.TryParseList(header, out var tags)) return false;
        return tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Tag.Equals(etag, StringComparison.Ordinal));
    }

    private static byte[] Indent(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        using var output = new MemoryStream(body.Length * 2);
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = ApiHttpExtensions.Encoder }))
            document.WriteTo(writer);
        return output.ToArray();
    }
}
