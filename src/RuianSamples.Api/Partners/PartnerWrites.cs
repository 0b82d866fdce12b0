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

/// <summary>
/// One token bucket per key (System.Threading.RateLimiting's), shared by REST writes (through ASP.NET Core's
/// rate-limiting middleware, <see cref="PartnerWriteRateLimit"/>) and GraphQL mutations (each mutation
/// field takes a token), so a key cannot double its rate by using both.
/// </summary>
public sealed class PartnerWriteBuckets : IDisposable
{
    private readonly PartitionedRateLimiter<string> _buckets;

    public PartnerWriteBuckets(IOptions<PartnerWriteOptions> options)
    {
        var o = options.Value;
        _buckets = PartitionedRateLimiter.Create<string, string>(partition => RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, o.Burst),
            TokensPerPeriod = Math.Max(1, o.PerMinute),
            ReplenishmentPeriod = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
        Options = o;
    }

    public PartnerWriteOptions Options { get; }

    /// <summary>By the token's hash: the limiter runs before authentication (with the per-address one), and one token is one key.</summary>
    public static string PartitionOf(HttpContext http)
    {
        var authorization = http.Request.Headers.Authorization.ToString();
        return authorization.Length == 0 ? "" : KeyTokens.Hash(authorization);
    }

    public RateLimitLease Acquire(string partition) => _buckets.AttemptAcquire(partition);

    /// <summary>Seconds until a refused key may write again, for Retry-After.</summary>
    public int RetryAfterSeconds(RateLimitLease refused)
    {
        var wait = refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(60.0 / Math.Max(1, Options.PerMinute));
        return Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
    }

    public string RefusalDetail(int seconds) => $"This key may make {Options.PerMinute} writes a minute (bursts of {Options.Burst}). Retry after {seconds} s.";

    /// <summary>One key's bucket as a limiter the middleware can hold; disposing it (when idle) leaves the bucket.</summary>
    public RateLimiter For(string partition) => new Shared(this, partition);

    public void Dispose() => _buckets.Dispose();

    private sealed class Shared(PartnerWriteBuckets owner, string partition) : RateLimiter
    {
        private long _lastUsed = Environment.TickCount64;

        public override TimeSpan? IdleDuration => TimeSpan.FromMilliseconds(Environment.TickCount64 - Volatile.Read(ref _lastUsed));

        public override RateLimiterStatistics? GetStatistics() => owner._buckets.GetStatistics(partition);

        protected override RateLimitLease AttemptAcquireCore(int permitCount)
        {
            Volatile.Write(ref _lastUsed, Environment.TickCount64);
            return owner._buckets.AttemptAcquire(partition, permitCount);
        }

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
        {
            Volatile.Write(ref _lastUsed, Environment.TickCount64);
            return owner._buckets.AcquireAsync(partition, permitCount, cancellationToken);
        }
    }
}

/// <summary>ASP.NET Core's rate limiter on the REST write groups (a named policy), over the shared per-key buckets.</summary>
public sealed class PartnerWriteRateLimit(PartnerWriteBuckets buckets) : IRateLimiterPolicy<string>
{
    public const string Name = "partner-writes";

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => async (context, _) =>
    {
        var seconds = buckets.RetryAfterSeconds(context.Lease);
        var http = context.HttpContext;
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var detail = buckets.RefusalDetail(seconds);
        await ApiProblems.Problem("too-many-requests", detail).ExecuteAsync(http);
        // The limiter answers before authentication and the audit middleware run: name the key and audit the refusal here.
        await http.RequestServices.GetRequiredService<PartnerWriter>().AuditRefusalAsync(await KeyOf(http), http.Request.Method, http.Request.Path.Value ?? "", StatusCodes.Status429TooManyRequests, detail);
    };

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        var partition = PartnerWriteBuckets.PartitionOf(httpContext);
        return RateLimitPartition.Get(partition, buckets.For);
    }

    /// <summary>The key a refused request presented (before authentication ran for it), or null.</summary>
    public static async Task<PartnerKey?> KeyOf(HttpContext http) =>
        await http.AuthenticateAsync(ApiKeyAuthenticationHandler.SchemeName) is { Succeeded: true } auth ? PartnerKey.From(auth.Principal) : null;
}

/// <summary>
/// Writes refused by the per-address rate limit are audited too (it answers before authentication and
/// before the write groups' own audit): REST write routes, and each mutation field of a GraphQL request.
/// The key is named when a valid one was presented; otherwise the row is anonymous.
/// </summary>
public sealed class PerAddressRefusalAudit(PartnerWriter writer) : Operations.IRateLimitRefusalObserver
{
    public async Task RefusedAsync(HttpContext http, int status, string detail)
    {
        IReadOnlyList<string> routes = http.GetEndpoint()?.Metadata.GetMetadata<PartnerWriteAttribute>() is not null
            ? [http.Request.Path.Value ?? ""]
            : [.. (await GraphQL.GraphQLHttpEndpoint.MutationFieldsAsync(http)).Select(MutationType.RouteOf)];
        if (routes.Count == 0) return;
        var key = await PartnerWriteRateLimit.KeyOf(http);
        foreach (var route in routes) await writer.AuditRefusalAsync(key, http.Request.Method, route, status, detail);
    }
}

/// <summary>
/// The write groups' prefixes, so that a write routing refuses before any endpoint runs is audited too: a POST or
/// PATCH whose Content-Type the route does not accept (its <c>Accepts</c> metadata) gets routing's own 415 endpoint,
/// which carries none of the write group's metadata. Under a write prefix only writes declare Accepts, so such a 415
/// there is always a refused write.
/// </summary>
public sealed class PartnerWriteRoutes
{
    // AcceptsMatcherPolicy's name for the endpoint it selects when every candidate refuses the Content-Type.
    private const string UnsupportedMediaTypeEndpoint = "415 HTTP Unsupported Media Type";

    private readonly List<string> _prefixes = [];

    public void Add(string prefix)
    {
        lock (_prefixes) _prefixes.Add(prefix);
    }

    public bool RefusedByRouting(HttpContext http, Endpoint? endpoint)
    {
        if (endpoint?.DisplayName != UnsupportedMediaTypeEndpoint) return false;
        lock (_prefixes) return _prefixes.Any(p => http.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));
    }

    public static string RoutingRefusalDetail(HttpRequest request) =>
        $"{ApiProblems.Types["unsupported-media-type"].Description} (got {(request.ContentType is { Length: > 100 } sent ? sent[..100] + "…" : request.ContentType ?? "no Content-Type")})";
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

/// <summary>What one write changed in its record; Dependents are other records whose search rows carry some of its fields (a reform's themes).</summary>
public sealed record RecordChange(string RecordType, string RecordKey, long Revision, string Action, string? Comment, JsonObject Changes, int Status, string Location, object Representation,
    IReadOnlyList<(string Type, string Key)>? Dependents = null);

/// <summary>Checks every write service makes the same way.</summary>
public static class WriteRules
{
    /// <summary>403 unless the key covers the region (by path: a county's key covers its towns).</summary>
    public static void RequireRegion(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, PartnerKey key, string region, string what)
    {
        var path = PartnerQueries.RegionPath(c, tx, region) ?? "";
        if (!key.Covers(path))
            throw new WriteRefusal("forbidden", $"This key writes for {string.Join(", ", key.Regions)} (and the places within); the {what}'s region '{region}' is outside them.",
                new Dictionary<string, string[]> { ["region.slug"] = [$"region '{region}' is not within this key's regions ({string.Join(", ", key.Regions)})"] });
    }

    /// <summary>
    /// 422 unless the record's region and one of its subject's regions lie on one path (one within the other), as every
    /// seed's do (a Rui'an figure of a Wenzhou reform, a Dongtou town's figure of a Dongtou sample). Without it a key could
    /// attach its region's records to another region's record (a Pingyang figure on a Rui'an reform's page), which its
    /// region scope is meant to prevent.
    /// </summary>
    public static void RequireRelatedRegions(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, string region,
        IReadOnlyList<string> subjectRegions, string field, string subject)
    {
        if (subjectRegions.Count == 0 || PartnerQueries.RegionPath(c, tx, region) is not { } path) return; // unresolved: the provenance rules say so
        foreach (var other in subjectRegions)
            if (PartnerQueries.RegionPath(c, tx, other) is { } otherPath
                && (path.StartsWith(otherPath, StringComparison.Ordinal) || otherPath.StartsWith(path, StringComparison.Ordinal)))
                return;
        throw WriteRefusal.Invalid([new Data.Seeding.RuleViolation(field, "subject-region",
            $"region '{region}' neither lies within nor contains the region of {subject} ({string.Join(", ", subjectRegions)})")], f => f);
    }

    /// <summary>A correction's or retraction's comment (why): required, stored on the revision.</summary>
    public static string RequireComment(JsonNode? comment)
    {
        if (comment is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text)) return text.Trim();
        throw WriteRefusal.Invalid([new RuleViolation("comment", "required", "comment (why the change is made) is required and is stored on the revision")], f => f);
    }

    /// <summary>A correction's patch without its comment; unknown members are refused (merging could hide them under a computed name).</summary>
    public static JsonObject PatchFields(RecordShape shape, JsonObject patch)
    {
        var changes = (JsonObject)patch.DeepClone();
        changes.Remove("comment");
        if (shape.Read(changes).Violations is { Count: > 0 } unknown) throw WriteRefusal.Invalid(unknown, f => f);
        return changes;
    }
}

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
            Search.SearchIndexBuilder.Update(c, tx, [(done.RecordType, done.RecordKey), .. done.Dependents ?? []]);
            Materialised.RecordDocuments.Update(c, tx, done.RecordType, done.RecordKey, done.Changes);
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
    public Task AuditRefusalAsync(HttpContext http, int status, string? detail) =>
        AuditRefusalAsync(PartnerKey.From(http.User), http.Request.Method, http.Request.Path.Value ?? "", status, detail);

    /// <summary>Records a refused write by route (REST's path, or "/graphql" and the mutation); key null when none was presented or it was not valid.</summary>
    public Task AuditRefusalAsync(PartnerKey? key, string method, string route, int status, string? detail) => writer.WriteAsync<bool>((c, tx) =>
    {
        PartnerQueries.Audit(c, tx, new PartnerQueries.AuditRow
        {
            At = Now(), KeyId = key?.Id, KeyName = key?.Name, Method = method, Route = route, Status = status,
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
        services.AddSingleton<PartnerWriteBuckets>();
        services.AddSingleton<PartnerWriteRoutes>();
        services.AddRateLimiter(o => o.AddPolicy<string, PartnerWriteRateLimit>(PartnerWriteRateLimit.Name));
        services.AddSingleton<Operations.IRateLimitRefusalObserver, PerAddressRefusalAudit>();
        services.AddHttpContextAccessor();
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
        var writeRoutes = app.Services.GetRequiredService<PartnerWriteRoutes>();
        app.Use(async (context, next) =>
        {
            var endpoint = context.GetEndpoint();
            var refusedByRouting = writeRoutes.RefusedByRouting(context, endpoint);
            if (endpoint?.Metadata.GetMetadata<PartnerWriteAttribute>() is null && !refusedByRouting)
            {
                await next(context);
                return;
            }
            if (refusedByRouting) context.Items[AuditDetailKey] = PartnerWriteRoutes.RoutingRefusalDetail(context.Request);
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
        app.ServiceProvider.GetRequiredService<PartnerWriteRoutes>().Add(prefix);
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
        // A write takes no query parameter: one a client believes in (?dryRun=true, ?validateOnly) would otherwise write for real.
        if (request.Query.Keys.Where(k => k != "pretty").ToList() is { Count: > 0 } unknown)
            throw new WriteRefusal("unknown-parameter", $"A write takes no query parameters (got {string.Join(", ", unknown.Select(u => $"'{u}'"))}); nothing was written.",
                unknown.ToDictionary(u => u, _ => new[] { "Unknown parameter. Allowed: pretty." }));
        // The body is read as UTF-8 (RFC 8259); another charset would be misread rather than refused.
        if (Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            && contentType.Charset.HasValue && !contentType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
            throw new WriteRefusal("unsupported-media-type", $"Send the body as UTF-8 (got charset={contentType.Charset}).");
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes) throw new WriteRefusal("payload-too-large", $"The body is larger than {maxBytes} bytes.");
        }
        var bytes = buffer.ToArray();
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
            throw new WriteRefusal("bad-request", "The body is not valid UTF-8 (it holds bytes that encode no character).");
        // JsonNode reads members and strings lazily: a member named twice or an unpaired surrogate escape (\ud800)
        // would only throw when a write service reads it (a 500). Both are checked here, once, on the whole body.
        var options = new JsonDocumentOptions { MaxDepth = 16, AllowDuplicateProperties = false };
        JsonNode? node;
        try
        {
            using (var document = JsonDocument.Parse(bytes, options))
                if (Common.JsonText.FindInvalid(document.RootElement, "$") is { } where)
                    throw new WriteRefusal("bad-request", $"The body's string at {where} is not text: an unpaired surrogate escape (such as \\ud800) or NUL.");
            node = JsonNode.Parse(bytes, documentOptions: options);
        }
        catch (JsonException e)
        {
            throw new WriteRefusal("bad-request", $"The body is not valid JSON: {e.Message}");
        }
        catch (InvalidOperationException)
        {
            // Refusing a member named twice means reading every member name, and one that is an unpaired surrogate escape throws.
            throw new WriteRefusal("bad-request", "The body holds a member name that is not text (an unpaired surrogate escape such as \\ud800).");
        }
        if (node is not JsonObject body) throw new WriteRefusal("bad-request", "The body must be a JSON object.");
        return (body, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    public const int MaxIdempotencyKeyLength = 255;

    public static WriteRequest WriteRequestOf(this HttpContext http, string hash, string? comment = null) =>
        new(PartnerKey.From(http.User) ?? throw new WriteRefusal("unauthorized", "This write needs a partner key."),
            http.Request.Method, http.Request.Path.Value ?? "", IdempotencyKeyOf(http.Request), hash, comment);

    // One key, of a sensible length (a UUID is 36): two headers would leave which one counts to chance, and the key is stored.
    private static string? IdempotencyKeyOf(HttpRequest request)
    {
        var values = request.Headers["Idempotency-Key"];
        if (values.Count > 1)
            throw new WriteRefusal("bad-request", "Send one Idempotency-Key header (got several); nothing was written.",
                new Dictionary<string, string[]> { ["Idempotency-Key"] = ["several values"] });
        if (values.FirstOrDefault() is not { Length: > 0 } key) return null;
        if (key.Length > MaxIdempotencyKeyLength)
            throw new WriteRefusal("bad-request", $"The Idempotency-Key is longer than {MaxIdempotencyKeyLength} characters (a UUID is 36); nothing was written.",
                new Dictionary<string, string[]> { ["Idempotency-Key"] = ["too long"] });
        return key;
    }
}
