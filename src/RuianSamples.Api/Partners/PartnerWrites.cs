using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using RuianSamples.Api.Common;
using RuianSamples.Api.Data;
using RuianSamples.Api.Data.Seeding;

namespace RuianSamples.Api.Partners;

/// <summary>Marks the partner write endpoints: they are audited, rate limited per key and need a key.</summary>
public sealed class PartnerWriteAttribute : Attribute;

/// <summary>A write refused: the status, the problem type, what is wrong, and headers to send (the current ETag on a 412).</summary>
public sealed class WriteRefusal(string type, string detail, IDictionary<string, string[]>? errors = null) : Exception(detail)
{
    public string Type { get; } = type;
    public IDictionary<string, string[]>? Errors { get; } = errors;
    public Dictionary<string, string> Headers { get; } = [];

    public static WriteRefusal Invalid(IReadOnlyList<RuleViolation> violations, Func<string, string> apiField) =>
        new("invalid-record",
            string.Join(" ", violations.Select(v => $"{apiField(v.Field)}: {v.Message} ({v.Rule}).")),
            violations.GroupBy(v => apiField(v.Field)).ToDictionary(g => g.Key, g => g.Select(v => $"{v.Rule}: {v.Message}").ToArray()));

    public IResult ToResult(HttpContext http)
    {
        foreach (var (name, value) in Headers) http.Response.Headers[name] = value;
        return ApiProblems.Problem(Type, Message, Errors);
    }
}

/// <summary>Rate and size limits of partner writes (configuration section "Writes").</summary>
public sealed class PartnerWriteOptions
{
    public const string Section = "Writes";
    /// <summary>Writes a key may make per minute, sustained.</summary>
    public int PerMinute { get; set; } = 120;
    /// <summary>Writes a key may make at once before the per-minute rate applies.</summary>
    public int Burst { get; set; } = 30;
    /// <summary>Largest body of a figure or reform write; a source (with its full text) may be up to the server's 1 MiB.</summary>
    public int MaxRecordBytes { get; set; } = 64 * 1024;
}

/// <summary>ASP.NET Core's rate limiter, one token bucket per key (a named policy on the write route groups).</summary>
public sealed class PartnerWriteRateLimit(IOptions<PartnerWriteOptions> options) : IRateLimiterPolicy<string>
{
    public const string Name = "partner-writes";

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => async (context, _) =>
    {
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(60.0 / Math.Max(1, options.Value.PerMinute));
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var http = context.HttpContext;
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var detail = $"This key may make {options.Value.PerMinute} writes a minute (bursts of {options.Value.Burst}). Retry after {seconds} s.";
        await ApiProblems.Problem("too-many-requests", detail).ExecuteAsync(http);
        // The limiter answers before authentication and the audit middleware run: name the key and audit the refusal here.
        if (await http.AuthenticateAsync(ApiKeyAuthenticationHandler.SchemeName) is { Succeeded: true } auth) http.User = auth.Principal;
        await http.RequestServices.GetRequiredService<PartnerWriter>().AuditRefusalAsync(http, StatusCodes.Status429TooManyRequests, detail);
    };

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        var o = options.Value;
        // By the token's hash: the limiter runs before authentication (with the per-address one), and one token is one key.
        var authorization = httpContext.Request.Headers.Authorization.ToString();
        return RateLimitPartition.GetTokenBucketLimiter(authorization.Length == 0 ? "" : KeyTokens.Hash(authorization), _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, o.Burst),
            TokensPerPeriod = Math.Max(1, o.PerMinute),
            ReplenishmentPeriod = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }
}

/// <summary>One write request as the services see it: who, which route, and the Idempotency-Key with the body's hash.</summary>
public sealed record WriteRequest(PartnerKey Key, string Method, string Route, string? IdempotencyKey, string BodyHash, string? Comment = null);

/// <summary>What a write answers: 201/200 with the record, its URL and ETag (the one a GET of it gives); Replayed for an idempotent retry.</summary>
public sealed record WriteResult(int Status, string? Location, string? Hash, string Body, bool Replayed = false) : IResult
{
    public Task ExecuteAsync(HttpContext http)
    {
        http.Response.StatusCode = Status;
        if (Location is not null) http.Response.Headers.Location = Location;
        if (Replayed) http.Response.Headers["Idempotent-Replayed"] = "true";
        http.Response.Headers.CacheControl = "no-store";
        http.Response.ContentType = "application/json; charset=utf-8";
        if (Hash is not null) http.Response.Headers.ETag = ETags.ForResponse(http, Hash);
        return http.Response.WriteAsync(Body);
    }
}

/// <summary>
/// What a correction is based on: REST's If-Match (the ETag of a GET), or GraphQL's revision number.
/// None → 428 (PRECONDITION_FAILED in GraphQL); not the current one → 412 with the current ETag.
/// </summary>
public sealed record Precondition(string? IfMatch, long? Revision = null)
{
    public void Check(string currentHash, long currentRevision, string what)
    {
        var currentETag = $"\"{currentHash}\"";
        if (Revision is { } revision)
        {
            if (revision == currentRevision) return;
            throw new WriteRefusal("precondition-failed", $"The {what} is at revision {currentRevision}, not {revision}. Read it again, re-apply your change and retry.")
            {
                Headers = { ["ETag"] = currentETag },
            };
        }
        if (string.IsNullOrWhiteSpace(IfMatch))
            throw new WriteRefusal("precondition-required", $"Send If-Match with the ETag of the {what} revision this change is based on (current: {currentETag}).");
        // Compared without the content coding a GET adds ("…-br" names the same revision as "…").
        static string Opaque(string tag) => tag.StartsWith("W/", StringComparison.Ordinal) ? Opaque(tag[2..]) : tag.Trim('"').Split('-')[0];
        var tags = IfMatch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (tags.Contains("*") || tags.Any(t => Opaque(t) == currentHash)) return;
        throw new WriteRefusal("precondition-failed", $"The {what} changed since {IfMatch}: its current ETag is {currentETag}. GET it, re-apply your change and retry.")
        {
            Headers = { ["ETag"] = currentETag },
        };
    }
}

/// <summary>What one write changed in its record.</summary>
public sealed record RecordChange(string RecordType, string RecordKey, long Revision, string Action, string? Comment, JsonObject Changes, int Status, string Location, object Representation);

/// <summary>
/// The transaction around every partner write: Idempotency-Key replay, the new dataset version,
/// the record change (by the feature's write service), its revision and change-feed entry, the
/// search index, the audit row and the idempotency record, committed together or not at all.
/// </summary>
public sealed class PartnerWriter(CatalogWriter writer, IOptions<JsonOptions> json, IOptions<PartnerWriteOptions> limits)
{
    public JsonSerializerOptions Json => json.Value.SerializerOptions;

    public static string Now() => DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);

    public Task<WriteResult> WriteAsync(WriteRequest request, Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, string, RecordChange> change) =>
        writer.WriteAsync<WriteResult>((c, tx) =>
        {
            if (request.IdempotencyKey is { } idempotencyKey && PartnerQueries.Idempotency(c, tx, request.Key.Id, idempotencyKey) is { } earlier)
            {
                if (earlier.RequestHash != request.BodyHash || earlier.Route != request.Route)
                    throw new WriteRefusal("idempotency-key-reused", $"The Idempotency-Key '{idempotencyKey}' was used with another request ({earlier.Route}, another body).",
                        new Dictionary<string, string[]> { ["Idempotency-Key"] = ["used with a different body"] });
                return new WriteResult((int)earlier.Status, earlier.Location, earlier.Etag, earlier.Body, Replayed: true);
            }
            // Several instances on one PostgreSQL: each one's token bucket sees only its own writes, so the key's writes of the
            // last minute, on every instance, are counted here, under the write lock that every instance takes.
            if (c is PortableConnection && PartnerQueries.WritesSince(c, tx, request.Key.Id, DateTimeOffset.UtcNow.AddMinutes(-1)) >= limits.Value.PerMinute)
                throw new WriteRefusal("too-many-requests", $"This key may make {limits.Value.PerMinute} writes a minute, on all instances together. Retry after 60 s.")
                {
                    Headers = { ["Retry-After"] = "60" },
                };
            var version = CatalogDb.BumpVersion(c, tx);
            var at = Now();
            var done = change(c, tx, version);
            PartnerQueries.AddRevision(c, tx, new PartnerQueries.RevisionRow
            {
                RecordType = done.RecordType, RecordKey = done.RecordKey, Revision = done.Revision, Action = done.Action, CreatedAt = at,
                KeyId = request.Key.Id, KeyName = request.Key.Name, Comment = done.Comment, Changes = done.Changes.ToJsonString(), DatasetVersion = version,
            });
            Search.SearchIndexBuilder.Update(c, tx, done.RecordType, done.RecordKey);
            PartnerQueries.Audit(c, tx, new PartnerQueries.AuditRow
            {
                At = at, KeyId = request.Key.Id, KeyName = request.Key.Name, Method = request.Method, Route = request.Route, Status = done.Status,
                Outcome = "written", Detail = $"{done.Action} {done.RecordType} {done.RecordKey} revision {done.Revision}", RecordType = done.RecordType, RecordKey = done.RecordKey,
            });
            var body = JsonSerializer.SerializeToUtf8Bytes(done.Representation, done.Representation.GetType(), Json);
            var result = new WriteResult(done.Status, done.Location, ETags.HashOf(body), System.Text.Encoding.UTF8.GetString(body));
            if (request.IdempotencyKey is { } key)
                PartnerQueries.RememberIdempotency(c, tx, request.Key.Id, key, new PartnerQueries.IdempotencyRow
                {
                    RequestHash = request.BodyHash, Route = request.Route, Status = result.Status, Location = result.Location, Etag = result.Hash, Body = result.Body,
                }, at);
            return result;
        });

    /// <summary>The opaque part of the ETag a GET of this representation answers with (If-Match is checked against it).</summary>
    public string HashOf(object representation) => ETags.HashOf(JsonSerializer.SerializeToUtf8Bytes(representation, representation.GetType(), Json));

    /// <summary>Records a refused write (its own small transaction; the refused one was rolled back).</summary>
    public Task AuditRefusalAsync(HttpContext http, int status, string? detail) => writer.WriteAsync<bool>((c, tx) =>
    {
        var key = PartnerKey.From(http.User);
        PartnerQueries.Audit(c, tx, new PartnerQueries.AuditRow
        {
            At = Now(), KeyId = key?.Id, KeyName = key?.Name, Method = http.Request.Method, Route = http.Request.Path.Value ?? "", Status = status,
            Outcome = "refused", Detail = detail,
        });
        return true;
    }, changesData: false);
}

public static class PartnerWriteExtensions
{
    public static WebApplicationBuilder AddPartnerWrites(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<PartnerWriteOptions>(builder.Configuration.GetSection(PartnerWriteOptions.Section));
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(o =>
        {
            foreach (var scope in Scopes.All)
                o.AddPolicy(scope, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser().RequireClaim(PartnerKey.ScopeClaim, scope));
        });
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ScopeRefusalHandler>();
        services.AddRateLimiter(o => o.AddPolicy<string, PartnerWriteRateLimit>(PartnerWriteRateLimit.Name));
        services.AddPartnerApiDocs();
        services.AddSingleton<CatalogWriter>();
        services.AddSingleton<PartnerWriter>();
        foreach (var type in typeof(PartnerWriteExtensions).Assembly.GetTypes()
                     .Where(t => t is { IsClass: true, IsAbstract: false } && t.Name.EndsWith("WriteService", StringComparison.Ordinal)))
            services.AddSingleton(type);
        return builder;
    }

    /// <summary>
    /// Audit, then authentication and authorization. The per-key limit is a named policy on the write
    /// groups, applied by the application's one rate-limiter middleware (Operations/RateLimiting).
    /// </summary>
    public static WebApplication UsePartnerWrites(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<PartnerWriteAttribute>() is null)
            {
                await next(context);
                return;
            }
            var writer = context.RequestServices.GetRequiredService<PartnerWriter>();
            try
            {
                await next(context);
            }
            catch (BadHttpRequestException e)
            {
                await writer.AuditRefusalAsync(context, e.StatusCode, e.Message);
                throw;
            }
            if (context.Response.StatusCode >= 400)
                await writer.AuditRefusalAsync(context, context.Response.StatusCode, context.Items[AuditDetailKey] as string);
        });
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    public const string AuditDetailKey = "partner-write-refusal";

    /// <summary>A route group of partner writes: the scope's policy, the per-key rate limit, auditing, and refusals as problem details.</summary>
    public static RouteGroupBuilder MapPartnerWrites(this IEndpointRouteBuilder app, string prefix, string tag, string scope)
    {
        var group = app.MapGroup(prefix).WithTags(tag).RequireAuthorization(scope).RequireRateLimiting(PartnerWriteRateLimit.Name)
            .WithMetadata(new PartnerWriteAttribute());
        group.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (WriteRefusal refusal)
            {
                context.HttpContext.Items[AuditDetailKey] = refusal.Message;
                return refusal.ToResult(context.HttpContext);
            }
        });
        return group;
    }

    /// <summary>
    /// Reads a write's JSON body: the right media type (415), within the size limit (413), well-formed
    /// (400), an object (400); with the SHA-256 of its bytes for Idempotency-Key.
    /// </summary>
    public static async Task<(JsonObject Body, string Hash)> ReadJsonBodyAsync(this HttpRequest request, int maxBytes, params string[] mediaTypes)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is null || !mediaTypes.Contains(mediaType))
            throw new WriteRefusal("unsupported-media-type", $"Send the body as {string.Join(" or ", mediaTypes)} (got {request.ContentType ?? "no Content-Type"}).");
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes) throw new WriteRefusal("payload-too-large", $"The body is larger than {maxBytes} bytes.");
        }
        var bytes = buffer.ToArray();
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new WriteRefusal("bad-request", $"The body is not valid JSON: {e.Message}");
        }
        if (node is not JsonObject body) throw new WriteRefusal("bad-request", "The body must be a JSON object.");
        return (body, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    public static WriteRequest WriteRequestOf(this HttpContext http, string hash, string? comment = null) =>
        new(PartnerKey.From(http.User) ?? throw new WriteRefusal("unauthorized", "This write needs a partner key."),
            http.Request.Method, http.Request.Path.Value ?? "", http.Request.Headers["Idempotency-Key"].FirstOrDefault() is { Length: > 0 } k ? k : null, hash, comment);
}
