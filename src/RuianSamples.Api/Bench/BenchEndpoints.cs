using System.Text.Json;

namespace RuianSamples.Api.Bench;

/// <summary>Switched on only for bench/run.sh (Bench__Enabled=true); never in a deployment.</summary>
public sealed class BenchOptions
{
    public const string Section = "Bench";

    public bool Enabled { get; set; }

    /// <summary>Requests carrying this header skip the response cache, so a scenario measures the query, not the cache.</summary>
    public const string BypassCacheHeader = "X-Bench-Bypass-Cache";

    /// <summary>True when the bench is on and the request asks to skip the REST and GraphQL result caches.</summary>
    public static bool BypassesCache(HttpContext http) => Asks(http, BypassCacheHeader);

    /// <summary>Requests carrying this header run GraphQL the plain way (every validation rule, GraphQL.NET's parallel strategy), to compare with the optimised path.</summary>
    public const string PlainGraphQLHeader = "X-Bench-Plain-GraphQL";

    /// <summary>True when the bench is on and the request asks for the plain GraphQL path.</summary>
    public static bool WantsPlainGraphQL(HttpContext http) => Asks(http, PlainGraphQLHeader);

    /// <summary>Requests carrying this header skip GraphQL's compiled path (GraphQL/CompiledQuery.cs) but keep the other optimisations.</summary>
    public const string ExecutorGraphQLHeader = "X-Bench-Executor-GraphQL";

    /// <summary>True when the bench is on and the request asks for GraphQL.NET's executor rather than a compiled plan.</summary>
    public static bool WantsExecutor(HttpContext http) => Asks(http, ExecutorGraphQLHeader);

    /// <summary>Set on responses a compiled GraphQL plan wrote, only with the bench on (tests and bench/ check which path ran).</summary>
    public const string CompiledGraphQLHeader = "X-Bench-Compiled-GraphQL";

    public static void MarkCompiled(HttpContext http)
    {
        if (http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<BenchOptions>>().Value.Enabled)
            http.Response.Headers[CompiledGraphQLHeader] = "1";
    }

    private static bool Asks(HttpContext http, string header) =>
        http.Request.Headers.ContainsKey(header)
        && http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<BenchOptions>>().Value.Enabled;
}

/// <summary>
/// The ceiling every bench figure is a ratio to: a pre-serialized ~2 KB UTF-8 JSON body written
/// as bytes by the same Kestrel, in the same process and run (absolute req/s drift 20-25 % between runs).
/// </summary>
public static class BenchEndpoints
{
    public static WebApplicationBuilder AddBench(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<BenchOptions>(builder.Configuration.GetSection(BenchOptions.Section));
        return builder;
    }

    public static IEndpointRouteBuilder MapBench(this IEndpointRouteBuilder app)
    {
        if (!app.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<BenchOptions>>().Value.Enabled) return app;
        var body = CeilingBody();
        var sized = new System.Collections.Concurrent.ConcurrentDictionary<int, byte[]>();
        // ?bytes=N: the same-size ceiling, a precomputed JSON body of exactly N bytes (a scenario's own size), so a
        // scenario's ratio can compare like with like: what it costs beyond writing that many bytes.
        app.MapGet("/bench/ceiling", (HttpContext http, int? bytes) =>
        {
            var bodyToSend = bytes is { } n and >= 16 and <= 16 << 20 && sized.Count < 256 ? sized.GetOrAdd(n, PaddedBody) : body;
            http.Response.ContentType = "application/json";
            http.Response.ContentLength = bodyToSend.Length;
            return http.Response.Body.WriteAsync(bodyToSend).AsTask();
        }).ExcludeFromDescription();
        // Read before and after N requests, so bench/run.sh reports statements per request counted by SQLite, not estimated.
        app.MapGet("/bench/statements", (RuianSamples.Api.Data.CatalogDb db) => TypedResults.Text(db.StatementsExecuted.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .ExcludeFromDescription();
        return app;
    }

    private static byte[] PaddedBody(int bytes)
    {
        const string Head = "{\"pad\":\"", Tail = "\"}";
        return System.Text.Encoding.ASCII.GetBytes(Head + new string('x', bytes - Head.Length - Tail.Length) + Tail);
    }

    private static byte[] CeilingBody()
    {
        var items = Enumerable.Range(1, 12).Select(i => new { id = i, slug = $"ceiling-record-{i}", name = new { zh = "基准测试固定字节", en = "fixed bytes for the bench ceiling" }, year = 2000 + i });
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new { items, note = "bench ceiling: pre-serialized bytes" });
        return bytes;
    }
}
