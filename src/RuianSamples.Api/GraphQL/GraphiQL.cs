using RuianSamples.Api.Common;

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

    private static readonly EmbeddedAssets Assets = new("graphiql/");

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

    public static IResult ServeAsset(HttpContext http, string file) => Assets.Serve(http, file);

    public static bool AssetsPresent => Assets.Contains("graphiql.js");
}
