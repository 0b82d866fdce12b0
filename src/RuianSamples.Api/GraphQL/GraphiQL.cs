using System.Reflection;
using Microsoft.Net.Http.Headers;

namespace RuianSamples.Api.GraphQL;

/// <summary>
/// The GraphiQL IDE, served by the API itself from assets bundled at build time (tools/graphiql,
/// embedded in the assembly): it works on networks with no CDN.
/// </summary>
public static class GraphiQL
{
    private const string Page = """
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>RuianSamples GraphQL</title>
          <link rel="stylesheet" href="/graphql/ui/graphiql.css">
          <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
        </head>
        <body>
          <div id="graphiql">Loading GraphiQL…</div>
          <script src="/graphql/ui/graphiql.js"></script>
        </body>
        </html>
        """;

    private static readonly Dictionary<string, (string ContentType, byte[] Body, string ETag)> Assets = LoadAssets();

    /// <summary>A browser asking for a page (Accept: text/html, no GraphQL parameters) gets the IDE at /graphql.</summary>
    public static bool IsBrowserVisit(HttpRequest request) =>
        !request.Query.ContainsKey("query") && !request.Query.ContainsKey("extensions")
        && request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));

    public static IResult Serve(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-cache";
        // The IDE loads only our own assets; no third-party origin.
        http.Response.Headers.ContentSecurityPolicy = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:";
        return Results.Content(Page, "text/html; charset=utf-8");
    }

    public static IResult ServeAsset(HttpContext http, string file)
    {
        if (!Assets.TryGetValue(file, out var asset))
            return Results.NotFound();
        http.Response.Headers.ETag = asset.ETag;
        http.Response.Headers.CacheControl = "public, max-age=3600";
        if (http.Request.Headers.IfNoneMatch.ToString().Contains(asset.ETag, StringComparison.Ordinal))
            return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(asset.Body, asset.ContentType);
    }

    public static bool AssetsPresent => Assets.ContainsKey("graphiql.js");

    private static Dictionary<string, (string, byte[], string)> LoadAssets()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var assets = new Dictionary<string, (string, byte[], string)>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("graphiql/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var file = name["graphiql/".Length..];
            var type = file.EndsWith(".js", StringComparison.Ordinal) ? "text/javascript; charset=utf-8"
                : file.EndsWith(".css", StringComparison.Ordinal) ? "text/css; charset=utf-8" : "text/plain; charset=utf-8";
            var body = copy.ToArray();
            assets[file] = (type, body, "\"" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body)[..12]) + "\"");
        }
        return assets;
    }
}
