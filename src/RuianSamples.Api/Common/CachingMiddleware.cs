using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using RuianSamples.Api.Data;

namespace RuianSamples.Api.Common;

/// <summary>Marks an endpoint whose body is streamed: it is neither buffered nor cached here.</summary>
public sealed class StreamedResponseAttribute : Attribute;

/// <summary>Marks an endpoint outside /api (a web page) that is cached like the API: ETag, 304, keyed on the dataset version.</summary>
public sealed class CachedByVersionAttribute : Attribute;

/// <summary>
/// Marks an endpoint whose body depends on more than path and query: content negotiation (Accept),
/// absolute URLs (the host) or the date (a citation's access date). Those join the cache key and Vary.
/// </summary>
public sealed class ResponseVaries
{
    public static readonly ResponseVaries ByAcceptHostAndDay = new() { ByDay = true };

    /// <summary>Content negotiation and absolute URLs, not the date (JSON-LD): a pinned answer can still be immutable.</summary>
    public static readonly ResponseVaries ByAcceptAndHost = new();

    /// <summary>The body holds today's date: never immutable, even at a pinned version.</summary>
    public bool ByDay { get; private init; }

    public string KeyOf(HttpContext context) =>
        $"|{context.Request.Headers.Accept}|{context.Request.Host}" + (ByDay ? $"|{DateTime.UtcNow:yyyy-MM-dd}" : "");

    public const string Vary = "Accept, Accept-Encoding";
}

/// <summary>
/// A response read at a pinned dataset version (<c>?version=</c>): its body never changes, so it is
/// served as immutable (unless it varies by day, as a citation's access date does), and
/// X-Dataset-Version names the pinned version.
/// </summary>
public static class PinnedResponse
{
    private const string ItemKey = "pinned-dataset-version";

    public const string CacheControl = "public, max-age=31536000, immutable";

    public static void Mark(HttpContext context, string version) => context.Items[ItemKey] = version;

    public static string? VersionOf(HttpContext context) => context.Items.TryGetValue(ItemKey, out var v) ? v as string : null;
}

/// <summary>
/// Rendered GET responses keyed on (dataset version, path, query). The key includes the version,
/// so a re-import (which changes the version) can never serve stale bytes; the map is also cleared
/// then, and bounded in size. A response is kept the second time its key is asked for, not the first (a doorkeeper,
/// as CDNs keep "one-hit wonders" out): a crawler's one-off pages would otherwise fill the cache, push out what
/// clients do ask again, and hold several times their bytes of process memory until a full collection.
/// </summary>
public sealed class ResponseCache
{
    public const int MaxEntries = 20_000;

    /// <summary>Bytes of rendered bodies kept (REST and GraphQL together); past it the cache starts over.</summary>
    public const long MaxBytes = 32L << 20;

    /// <summary>A body larger than this is served but never kept: one huge answer must not evict everything else.</summary>
    public const int MaxEntryBytes = 1 << 20;

    private readonly BoundedCache<string, Entry> _entries = new(MaxEntries, StringComparer.Ordinal);
    private long _bytes;

    // Hash codes of keys asked for once (a collision only keeps a response one request early).
    private readonly BoundedCache<int, bool> _askedOnce = new(MaxEntries);

    public ResponseCache(CatalogDb db) => db.Changed += Clear;

    /// <param name="Body">The rendered body.</param>
    /// <param name="ContentType">Its media type.</param>
    /// <param name="Hash">The body's hash; the ETag adds the content coding of each response.</param>
    /// <param name="Link">The Link header (rel="next" of a page), replayed with the body.</param>
    /// <param name="Version">The dataset version the body was read from (the X-Dataset-Version header).</param>
    /// <param name="Pinned">Read at a pinned version (?version=): immutable.</param>
    public sealed record Entry(byte[] Body, string ContentType, string Hash, string? Link = null, string? Version = null, bool Pinned = false)
    {
        /// <summary>What the entry costs in memory (the bound is in bytes, not entries).</summary>
        public long Size => Body.Length + 256L + (Link?.Length ?? 0) * 2;
    }

    public bool TryGet(string key, out Entry entry) => _entries.TryGetValue(key, out entry!);

    public void Set(string key, Entry entry)
    {
        if (entry.Body.Length > MaxEntryBytes) return;
        if (_askedOnce.Set(StringComparer.Ordinal.GetHashCode(key), true)) return;
        if (_entries.Count >= MaxEntries || Interlocked.Read(ref _bytes) + entry.Size > MaxBytes) StartOver();
        if (_entries.Set(key, entry)) Interlocked.Add(ref _bytes, entry.Size);
    }

    /// <summary>A new dataset version: nothing kept or remembered applies.</summary>
    public void Clear()
    {
        _askedOnce.Clear();
        StartOver();
    }

    // Full: the keys asked for before stay remembered, so what clients ask again is kept again at its next request.
    private void StartOver()
    {
        _entries.Clear();
        Interlocked.Exchange(ref _bytes, 0);
    }

    public long Bytes => Interlocked.Read(ref _bytes);

    public int Count => _entries.Count;
}

/// <summary>
/// For GET/HEAD under /api and the web pages: a strong ETag (a hash of the exact body), 304 on If-None-Match,
/// Cache-Control, ?pretty indentation, and the response cache.
/// </summary>
public sealed class CachingMiddleware(RequestDelegate next, ResponseCache cache, CatalogDb db)
{
    private const string CacheControl = "public, max-age=60, stale-while-revalidate=60";

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            || !(request.Path.StartsWithSegments("/api", StringComparison.Ordinal) || context.GetEndpoint()?.Metadata.GetMetadata<CachedByVersionAttribute>() is not null)
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

        // Readiness and every route agree: a database that cannot serve is a 503, cached bytes included.
        if (!db.Available)
        {
            await ApiProblems.Problem("unavailable", "The catalog database cannot be read right now. Try again shortly.").ExecuteAsync(context);
            return;
        }

        // Looked up under the newest version known; stored under the version the request really read.
        var varies = context.GetEndpoint()?.Metadata.GetMetadata<ResponseVaries>();
        var target = request.Path.Value + request.QueryString.Value + varies?.KeyOf(context);
        if (cache.TryGet(db.CurrentVersion + "|" + target, out var hit))
        {
            await Write(context, hit, varies);
            return;
        }

        // The response is held in pooled pages (ASP.NET Core's FileBufferingWriteStream, in memory up to the cache's
        // size) and copied once into the entry's array: a MemoryStream grew by doubling, so a miss left about twice its
        // body as garbage, and a body past 64 KB put arrays on the large object heap (R1's 128 KB list: 256 KB).
        var original = context.Response.Body;
        await using var buffer = new FileBufferingWriteStream(memoryThreshold: (int)ResponseCache.MaxBytes);
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        var body = buffer.Length == 0 ? [] : new byte[buffer.Length];
        if (body.Length > 0) await buffer.DrainBufferAsync(new MemoryStream(body));
        var contentType = context.Response.ContentType ?? "application/json";
        if (context.Response.StatusCode != StatusCodes.Status200OK)
        {
            context.Response.Headers.CacheControl = "no-store";
            if (body.Length > 0) await original.WriteAsync(body); // an empty 404 is left for the status-code page (problem details)
            return;
        }
        if (request.Query.ContainsKey("pretty") && contentType.StartsWith("application/json", StringComparison.Ordinal))
            body = Indent(body);
        var link = context.Response.Headers.Link;
        var version = db.Version;
        var pinned = PinnedResponse.VersionOf(context);
        var entry = new ResponseCache.Entry(body, contentType, ETags.HashOf(body),
            link.Count == 0 ? null : link.ToString(), pinned ?? version, pinned is not null);
        cache.Set(version + "|" + target, entry);
        await Write(context, entry, varies);
    }

    private static async Task Write(HttpContext context, ResponseCache.Entry entry, ResponseVaries? varies)
    {
        var response = context.Response;
        response.ContentType = entry.ContentType;
        var etag = ETags.ForResponse(context, entry.Hash);
        response.Headers.ETag = etag;
        response.Headers.CacheControl = entry.Pinned && varies?.ByDay != true ? PinnedResponse.CacheControl : CacheControl;
        response.Headers.Vary = varies is null ? "Accept-Encoding" : ResponseVaries.Vary;
        if (entry.Link is not null) response.Headers.Link = entry.Link;
        if (entry.Version is not null) response.Headers[CatalogDataExtensions.VersionHeader] = entry.Version;
        if (ETags.NoneMatch(context.Request, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            response.ContentType = null;
            return;
        }
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentLength = entry.Body.Length;
        if (!HttpMethods.IsHead(context.Request.Method)) await response.Body.WriteAsync(entry.Body);
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
