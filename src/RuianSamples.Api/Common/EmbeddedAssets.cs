using System.Reflection;
using System.Security.Cryptography;

namespace RuianSamples.Api.Common;

/// <summary>
/// Static files embedded in the assembly under a prefix (bundled at build time: no CDN, no wwwroot to deploy),
/// served with a content-hash ETag and 304s.
/// </summary>
public sealed class EmbeddedAssets
{
    private readonly Dictionary<string, (string ContentType, byte[] Body, string ETag)> _assets = new(StringComparer.Ordinal);

    public EmbeddedAssets(string prefix)
    {
        var assembly = Assembly.GetExecutingAssembly();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var file = name[prefix.Length..];
            var type = file.EndsWith(".js", StringComparison.Ordinal) ? "text/javascript; charset=utf-8"
                : file.EndsWith(".css", StringComparison.Ordinal) ? "text/css; charset=utf-8" : "text/plain; charset=utf-8";
            var body = copy.ToArray();
            _assets[file] = (type, body, "\"" + Convert.ToHexStringLower(SHA256.HashData(body)[..12]) + "\"");
        }
    }

    public bool Contains(string file) => _assets.ContainsKey(file);

    /// <summary>The file's ETag, for versioned URLs (?v=…) that may be cached long.</summary>
    public string Version(string file) => _assets.TryGetValue(file, out var asset) ? asset.ETag.Trim('"') : "";

    public IResult Serve(HttpContext http, string file)
    {
        if (!_assets.TryGetValue(file, out var asset))
            return Results.NotFound();
        http.Response.Headers.ETag = asset.ETag;
        http.Response.Headers.CacheControl = "public, max-age=3600";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        if (http.Request.Headers.IfNoneMatch.ToString().Contains(asset.ETag, StringComparison.Ordinal))
            return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(asset.Body, asset.ContentType);
    }
}
