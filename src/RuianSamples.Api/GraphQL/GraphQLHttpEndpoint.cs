using System.Security.Cryptography;
using System.Text.Json;
using GraphQL;
using GraphQL.Execution;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using Microsoft.Net.Http.Headers;
using RuianSamples.Api.Common;
using RuianSamples.Api.Data;

namespace RuianSamples.Api.GraphQL;

/// <summary>
/// GraphQL over HTTP (the GraphQL-over-HTTP spec): POST application/json (one operation or a small
/// batch array), GET for queries, application/graphql-response+json when accepted (else JSON),
/// request errors as 4xx without "data", document errors as 400 (graphql-response+json) or 200
/// (json), ETag/304 on GET, automatic persisted queries. Written by hand because GraphQL.NET's
/// server package does not resolve here.
/// </summary>
public sealed class GraphQLHttpEndpoint(
    IDocumentExecuter<CatalogSchema> executer, IGraphQLTextSerializer serializer, DocumentCache documents, PersistedQueries persisted,
    ResponseCache results, CatalogDb db, ILogger<GraphQLHttpEndpoint> logger)
{
    public const string GraphQLResponseJson = "application/graphql-response+json";
    private const string Json = "application/json";

    private sealed class RequestError(int status, string code, string message, string? allow = null) : Exception(message)
    {
        public int Status { get; } = status;
        public string Code { get; } = code;
        public string? Allow { get; } = allow;
    }

    private sealed record Operation(string? Query, string? OperationName, Inputs? Variables, Inputs? Extensions, string? PersistedHash, string? VariablesJson);

    /// <summary>
    /// Successful results are cached by (dataset version, response type, operation, query or hash,
    /// variables): the data changes only with the dataset version, so an identical query always gets
    /// identical bytes. Errors and mutations are never cached.
    /// </summary>
    // The host and the day are part of the key: citationAs writes absolute URLs and today's access date (Citations/).
    private static string? ResultKey(HttpContext http, Operation operation, string media, string version) =>
        operation.Query is null && operation.PersistedHash is null ? null
            : string.Join('\u001f', "graphql", version, media, http.Request.Host.Value, DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                operation.OperationName, operation.PersistedHash, operation.Query, operation.VariablesJson);

    // Mutation: its result is never cached, since a repeated mutation must run again. Compiled: the response's bytes,
    // written by a compiled plan (then Result is an empty success).
    private sealed record Outcome(ExecutionResult Result, bool DocumentError, bool Mutation = false, byte[]? Compiled = null);

    public async Task HandleAsync(HttpContext http)
    {
        var request = http.Request;
        if (HttpMethods.IsGet(request.Method) && GraphiQL.IsBrowserVisit(request))
        {
            await GraphiQL.Serve(http).ExecuteAsync(http);
            return;
        }

        var media = Negotiate(request.Headers.Accept);
        try
        {
            if (media is null)
                throw new RequestError(406, "NOT_ACCEPTABLE", $"The Accept header allows neither {GraphQLResponseJson} nor {Json}.");
            if (HttpMethods.IsPost(request.Method))
                await HandlePostAsync(http, media);
            else if (HttpMethods.IsGet(request.Method))
                await HandleGetAsync(http, media);
            else
                throw new RequestError(405, "METHOD_NOT_ALLOWED", "GraphQL takes GET (queries) and POST.", "GET, POST");
        }
        catch (RequestError e)
        {
            if (e.Allow is not null) http.Response.Headers.Allow = e.Allow;
            await WriteAsync(http, media ?? Json, e.Status, Error(e.Code, e.Message), cacheable: false);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // the client left; nothing to answer
        }
        catch (Exception e) when (!http.Response.HasStarted)
        {
            // A defect of ours: logged in full, answered without its text.
            logger.LogError(e, "GraphQL request failed");
            await WriteAsync(http, media ?? Json, 500, Error("INTERNAL_SERVER_ERROR", "An unexpected error occurred. It has been logged."), cacheable: false);
        }
    }

    private async Task HandleGetAsync(HttpContext http, string media)
    {
        var query = http.Request.Query;
        foreach (var key in query.Keys)
            if (query[key].Count > 1) throw new RequestError(400, "BAD_REQUEST", $"The parameter '{key}' is given more than once.");
        var operation = ReadOperation(
            query.TryGetValue("query", out var q) ? q.ToString() : null,
            query.TryGetValue("operationName", out var name) && name.ToString().Length > 0 ? name.ToString() : null,
            JsonParameter(query, "variables"), JsonParameter(query, "extensions"));
        if (await TryWriteCachedAsync(http, operation, media)) return;
        var outcome = await ExecuteAsync(http, operation, isGet: true, mayCompile: true);
        var succeeded = Succeeded(outcome);
        await WriteOutcomeAsync(http, media, StatusOf(outcome, media), outcome, cacheable: succeeded, succeeded ? operation : null);
    }

    private async Task HandlePostAsync(HttpContext http, string media)
    {
        var request = http.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals(Json, StringComparison.OrdinalIgnoreCase)
            || (contentType.Charset.HasValue && !contentType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)))
            throw new RequestError(415, "UNSUPPORTED_MEDIA_TYPE", "POST a JSON body with Content-Type: application/json (UTF-8).");

        var body = await ReadBodyAsync(request);
        if (!System.Text.Unicode.Utf8.IsValid(body))
            throw new RequestError(400, "BAD_REQUEST", "The body is not valid UTF-8 (it holds bytes that encode no character).");
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = GraphQLLimits.MaxParserDepth, AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            // A member named twice is found after the reader's position is gone: no line or byte to name.
            throw new RequestError(400, "BAD_REQUEST", e.LineNumber is { } line
                ? $"The body is not valid JSON (line {line + 1}, byte {e.BytePositionInLine + 1})."
                : $"The body is not valid JSON: {e.Message}");
        }
        catch (InvalidOperationException)
        {
            // Refusing a member named twice means reading every member name, and one that is an unpaired surrogate escape throws.
            throw new RequestError(400, "BAD_REQUEST", "The body holds a member name that is not valid Unicode (an unpaired surrogate escape such as \\ud800).");
        }
        using (json)
        {
            var root = json.RootElement;
            if (JsonText.FindInvalid(root, "$") is { } where)
                throw new RequestError(400, "BAD_REQUEST", $"The body's string at {where} is not valid Unicode (an unpaired surrogate escape such as \\ud800).");
            if (root.ValueKind == JsonValueKind.Array)
            {
                var count = root.GetArrayLength();
                if (count == 0 || count > GraphQLLimits.MaxBatchSize)
                    throw new RequestError(400, "BATCH_LIMIT", $"A batch holds 1 to {GraphQLLimits.MaxBatchSize} operations; this one has {count}.");
                var operations = root.EnumerateArray().Select(ReadOperation).ToList();
                var results = new List<ExecutionResult>(count);
                foreach (var operation in operations) results.Add((await ExecuteAsync(http, operation, isGet: false, mayCompile: false)).Result);
                await WriteAsync(http, media, 200, results, cacheable: false);
                return;
            }
            var single = ReadOperation(root);
            if (await TryWriteCachedAsync(http, single, media)) return;
            var outcome = await ExecuteAsync(http, single, isGet: false, mayCompile: true);
            await WriteOutcomeAsync(http, media, StatusOf(outcome, media), outcome, cacheable: false, Succeeded(outcome) && !outcome.Mutation ? single : null);
        }
    }

    /// <summary>
    /// The root fields of the mutations a GraphQL POST holds (its body read here), for auditing a request
    /// refused before it was executed (the per-address rate limit); empty for anything else or anything unreadable.
    /// </summary>
    public static async Task<IReadOnlyList<string>> MutationFieldsAsync(HttpContext http)
    {
        if (!HttpMethods.IsPost(http.Request.Method) || http.Request.Path != "/graphql") return [];
        try
        {
            using var json = JsonDocument.Parse(await ReadBodyAsync(http.Request), new JsonDocumentOptions { MaxDepth = GraphQLLimits.MaxParserDepth });
            var operations = json.RootElement.ValueKind == JsonValueKind.Array ? json.RootElement.EnumerateArray().ToList() : [json.RootElement];
            var documents = http.RequestServices.GetRequiredService<DocumentCache>();
            return operations
                .Select(o => o.ValueKind == JsonValueKind.Object && o.TryGetProperty("query", out var q) && q.ValueKind == JsonValueKind.String ? q.GetString() : null)
                .OfType<string>().Where(q => q.Length <= GraphQLLimits.MaxQueryLength)
                .SelectMany(q => documents.GetOrParse(q).Document.Definitions.OfType<GraphQLOperationDefinition>())
                .Where(o => o.Operation == OperationType.Mutation)
                .SelectMany(o => o.SelectionSet.Selections.OfType<GraphQLField>().Select(f => f.Name.StringValue))
                .ToList();
        }
        catch (Exception e) when (e is RequestError or JsonException or GraphQLSyntaxErrorException or GraphQLMaxDepthExceededException)
        {
            return [];
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        if (request.ContentLength > GraphQLLimits.MaxBodyBytes) throw TooLarge(request.ContentLength.Value);
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > GraphQLLimits.MaxBodyBytes) throw TooLarge(null);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == 413)
        {
            throw TooLarge(null);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == 408)
        {
            throw new RequestError(408, "REQUEST_TIMEOUT", "The request body arrived too slowly.");
        }
        catch (BadHttpRequestException e)
        {
            throw new RequestError(400, "BAD_REQUEST", $"The request body could not be read: {e.Message}");
        }
        if (buffer.Length == 0) throw new RequestError(400, "BAD_REQUEST", "The POST body is empty: send {\"query\": \"…\"}.");
        return buffer.ToArray();
    }

    private static RequestError TooLarge(long? length) => new(413, "PAYLOAD_TOO_LARGE",
        $"The body is limited to {GraphQLLimits.MaxBodyBytes} bytes{(length is null ? "" : $"; this one has {length}")}.");

    private JsonElement? JsonParameter(IQueryCollection query, string name)
    {
        if (!query.TryGetValue(name, out var text) || text.ToString().Length == 0) return null;
        try
        {
            using var document = JsonDocument.Parse(text.ToString(), new JsonDocumentOptions { MaxDepth = GraphQLLimits.MaxParserDepth, AllowDuplicateProperties = false });
            if (JsonText.FindInvalid(document.RootElement, name) is { } where)
                throw new RequestError(400, "BAD_REQUEST", $"The parameter '{name}' holds a string at {where} that is not valid Unicode (an unpaired surrogate escape such as \\ud800).");
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new RequestError(400, "BAD_REQUEST", $"The parameter '{name}' must be a JSON object.");
        }
        catch (InvalidOperationException)
        {
            throw new RequestError(400, "BAD_REQUEST", $"The parameter '{name}' holds a member name that is not valid Unicode (an unpaired surrogate escape such as \\ud800).");
        }
    }

    private Operation ReadOperation(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new RequestError(400, "BAD_REQUEST", "A GraphQL request is a JSON object with a 'query' member.");
        string? query = null, operationName = null;
        JsonElement? variables = null, extensions = null;
        foreach (var member in element.EnumerateObject())
        {
            switch (member.Name)
            {
                case "query":
                    query = StringOrNull(member.Value, "query");
                    break;
                case "operationName":
                    operationName = StringOrNull(member.Value, "operationName");
                    break;
                case "variables":
                    variables = member.Value;
                    break;
                case "extensions":
                    extensions = member.Value;
                    break;
            }
        }
        return ReadOperation(query, operationName, variables, extensions);
    }

    private Operation ReadOperation(string? query, string? operationName, JsonElement? variables, JsonElement? extensions)
    {
        var variableInputs = MapOrNull(variables, "variables");
        var extensionInputs = MapOrNull(extensions, "extensions");
        string? hash = null;
        if (extensions is { ValueKind: JsonValueKind.Object } ext && ext.TryGetProperty("persistedQuery", out var pq) && pq.ValueKind != JsonValueKind.Null)
        {
            if (pq.ValueKind != JsonValueKind.Object || !pq.TryGetProperty("sha256Hash", out var h) || h.ValueKind != JsonValueKind.String
                || h.GetString() is not { Length: 64 } hex || !hex.All(char.IsAsciiHexDigit))
                throw new RequestError(400, "BAD_REQUEST", "extensions.persistedQuery needs a sha256Hash of 64 hex digits (and version 1).");
            if (pq.TryGetProperty("version", out var v) && !(v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var version) && version == 1))
                throw new RequestError(400, "BAD_REQUEST", "Only version 1 of persisted queries is supported.");
            hash = hex.ToLowerInvariant();
        }
        return new Operation(query, operationName, variableInputs, extensionInputs, hash, variables?.GetRawText());
    }

    private static string? StringOrNull(JsonElement value, string name) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null => null,
        _ => throw new RequestError(400, "BAD_REQUEST", $"'{name}' must be a string."),
    };

    private Inputs? MapOrNull(JsonElement? value, string name)
    {
        if (value is null || value.Value.ValueKind == JsonValueKind.Null) return null;
        if (value.Value.ValueKind != JsonValueKind.Object) throw new RequestError(400, "BAD_REQUEST", $"'{name}' must be a JSON object (a map).");
        return serializer.ReadNode<Inputs>(value.Value);
    }

    private async Task<Outcome> ExecuteAsync(HttpContext http, Operation operation, bool isGet, bool mayCompile)
    {
        var query = operation.Query;
        if (operation.PersistedHash is { } hash)
        {
            if (query is null)
            {
                if (!persisted.TryGet(hash, out query!))
                    return new(Error("PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound"), DocumentError: true);
            }
            else if (PersistedQueries.HashOf(query) != hash)
                throw new RequestError(400, "PERSISTED_QUERY_HASH_MISMATCH", "provided sha does not match query: extensions.persistedQuery.sha256Hash must be the SHA-256 (hex) of the query text.");
        }
        if (query is null) throw new RequestError(400, "BAD_REQUEST", "The request has no 'query' (nor a known persisted query hash).");
        if (query.Length > GraphQLLimits.MaxQueryLength)
            throw new RequestError(400, "QUERY_TOO_LARGE", $"The query text is limited to {GraphQLLimits.MaxQueryLength} characters; this one has {query.Length}.");

        ParsedDocument parsed;
        try
        {
            parsed = documents.GetOrParse(query);
        }
        catch (GraphQLSyntaxErrorException e)
        {
            return new(new ExecutionResult(new SyntaxError(e)), DocumentError: true);
        }
        catch (GraphQLMaxDepthExceededException)
        {
            return new(Error("DEPTH_LIMIT", $"The document nests deeper than {GraphQLLimits.MaxParserDepth} levels (selection sets and values), the parser's limit."), DocumentError: true);
        }
        if (parsed.Aliases > GraphQLLimits.MaxAliases)
            return new(Error("ALIAS_LIMIT", $"The document has {parsed.Aliases} aliased fields; at most {GraphQLLimits.MaxAliases} are allowed ({parsed.Aliases - GraphQLLimits.MaxAliases} too many)."), DocumentError: true);
        if (parsed.FieldSelections > GraphQLLimits.MaxFieldSelections)
            return new(Error("FIELD_LIMIT", $"The document selects {parsed.FieldSelections} fields; at most {GraphQLLimits.MaxFieldSelections} are allowed ({parsed.FieldSelections - GraphQLLimits.MaxFieldSelections} too many)."), DocumentError: true);
        if (parsed.ExpandedSelections > GraphQLLimits.MaxExpandedSelections)
            return new(Error("FRAGMENT_EXPANSION_LIMIT", parsed.ExpandedSelections == long.MaxValue
                ? "The document's fragments spread into each other without end (or beyond counting)."
                : $"With its fragments expanded the document selects {parsed.ExpandedSelections} fields; at most {GraphQLLimits.MaxExpandedSelections} are allowed."), DocumentError: true);
        var operationType = parsed.OperationTypeOf(operation.OperationName);
        if (isGet && operationType is OperationType.Mutation or OperationType.Subscription)
            throw new RequestError(405, "METHOD_NOT_ALLOWED", "Only queries may be sent with GET; send mutations with POST.", "POST");
        // The schema has no subscription type: refused here as a document error (GraphQL.NET's complexity rule and our
        // execution strategy would otherwise throw, and the client got INTERNAL_SERVER_ERROR with an error in the log).
        if (operationType is OperationType.Subscription)
            return new(Error("SUBSCRIPTION_NOT_SUPPORTED", "The schema has no subscription type: this API answers queries and mutations only."), DocumentError: true);

        var plain = Bench.BenchOptions.WantsPlainGraphQL(http);
        if (mayCompile && !plain && await ExecuteCompiledAsync(http, parsed, operation) is { } compiled)
        {
            if (operation.PersistedHash is { } compiledHash && operation.Query is not null) persisted.Add(compiledHash, operation.Query);
            return new(new ExecutionResult(), DocumentError: false, Compiled: compiled);
        }

        var options = new ExecutionOptions
        {
            OperationName = operation.OperationName,
            Variables = operation.Variables,
            Extensions = operation.Extensions,
            RequestServices = http.RequestServices,
            User = http.User,
            CancellationToken = http.RequestAborted,
        };
        DocumentCache.Attach(options, parsed, operation.VariablesJson, plain);
        var result = await executer.ExecuteAsync(options);
        CapErrors(result);
        if (result.Executed && operation.PersistedHash is { } validHash && operation.Query is not null) persisted.Add(validHash, operation.Query);
        return new(result, DocumentError: !result.Executed, Mutation: parsed.OperationTypeOf(operation.OperationName) is OperationType.Mutation);
    }

    /// <summary>
    /// The compiled path (<see cref="CompiledQuery"/>): only for a document that passed every validation rule before, with these
    /// variables or (when the cost does not depend on them) with values the plan binds itself; not for a read pinned to a version.
    /// Null: the executor answers.
    /// </summary>
    private async Task<byte[]?> ExecuteCompiledAsync(HttpContext http, ParsedDocument parsed, Operation operation)
    {
        if (!parsed.Validated || Bench.BenchOptions.WantsExecutor(http) || Versions.DatasetVersions.IsPinned(http)) return null;
        var plan = parsed.Plans.GetOrAdd(operation.OperationName ?? "", _ => CompiledQuery.Compile(parsed.Document, operation.OperationName));
        if (plan is null) return null;
        var passed = parsed.PassedWith(ParsedDocument.CheckedKey(operation.OperationName, operation.VariablesJson))
            || (plan.CostIndependentOfVariables && parsed.OperationPassed(operation.OperationName) && plan.VariablesBind(operation.Variables));
        if (!passed) return null;
        var body = await plan.ExecuteAsync(http.RequestServices, operation.Variables, http.RequestAborted);
        if (body is null || body.Length > GraphQLLimits.MaxResponseBytes) return null;
        Bench.BenchOptions.MarkCompiled(http);
        return body;
    }

    /// <summary>A thousand repeated mistakes get twenty errors and a count, so an error body never amplifies its input.</summary>
    private static void CapErrors(ExecutionResult result)
    {
        if (result.Errors is not { Count: > GraphQLLimits.MaxErrors } errors) return;
        var omitted = errors.Count - GraphQLLimits.MaxErrors;
        var kept = new ExecutionErrors();
        foreach (var error in errors.Take(GraphQLLimits.MaxErrors)) kept.Add(error);
        kept.Add(new ExecutionError($"{omitted} more errors were left out; fix the ones above and send the request again.") { Code = "TOO_MANY_ERRORS" });
        result.Errors = kept;
    }

    private static ExecutionResult Error(string code, string message) => new(new ExecutionError(message) { Code = code });

    /// <summary>Spec: with graphql-response+json a request that fails before execution is a 4xx; with JSON it is a 200 carrying errors.</summary>
    private static int StatusOf(Outcome outcome, string media) => outcome.DocumentError && media == GraphQLResponseJson ? 400 : 200;

    private static bool Succeeded(Outcome outcome) => !outcome.DocumentError && outcome.Result.Errors is not { Count: > 0 };

    private async Task<bool> TryWriteCachedAsync(HttpContext http, Operation operation, string media)
    {
        if (Bench.BenchOptions.BypassesCache(http)) return false; // bench/run.sh's uncached rows
        // Looked up under the newest version known; a result is stored under the version its execution read.
        if (ResultKey(http, operation, media, db.CurrentVersion) is not { } key || !results.TryGet(key, out var hit)) return false;
        if (hit.Version is not null) http.Response.Headers[CatalogDataExtensions.VersionHeader] = hit.Version;
        await WriteBytesAsync(http, media, 200, hit.Body, cacheable: HttpMethods.IsGet(http.Request.Method), hit.Hash);
        return true;
    }

    private Task WriteOutcomeAsync(HttpContext http, string media, int status, Outcome outcome, bool cacheable, Operation? cacheAs = null) =>
        outcome.Compiled is { } body ? WriteBodyAsync(http, media, status, body, cacheable, cacheAs) : WriteAsync(http, media, status, outcome.Result, cacheable, cacheAs);

    private async Task WriteAsync(HttpContext http, string media, int status, object result, bool cacheable, Operation? cacheAs = null)
    {
        using var buffer = new LimitedStream(GraphQLLimits.MaxResponseBytes);
        try
        {
            await serializer.WriteAsync(buffer, result, http.RequestAborted);
        }
        catch (LimitedStream.LimitExceededException)
        {
            throw new RequestError(400, "RESPONSE_TOO_LARGE",
                $"The response would be larger than {GraphQLLimits.MaxResponseBytes / (1 << 20)} MB. Ask for fewer records or fields (page with first/after).");
        }
        await WriteBodyAsync(http, media, status, buffer.ToArray(), cacheable, cacheAs);
    }

    private async Task WriteBodyAsync(HttpContext http, string media, int status, byte[] body, bool cacheable, Operation? cacheAs)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(body)[..12]);
        if (cacheAs is not null && status == 200 && !Bench.BenchOptions.BypassesCache(http)
            && ResultKey(http, cacheAs, media, db.Version) is { } key)
            results.Set(key, new ResponseCache.Entry(body, media, hash, Version: db.Version));
        await WriteBytesAsync(http, media, status, body, cacheable, hash);
    }

    private static async Task WriteBytesAsync(HttpContext http, string media, int status, byte[] body, bool cacheable, string hash)
    {
        var response = http.Response;
        response.Headers.Vary = "Accept, Accept-Encoding";
        response.ContentType = media + "; charset=utf-8";
        if (cacheable && HttpMethods.IsGet(http.Request.Method) && status == 200)
        {
            // A GET (for instance one carrying only a persisted-query hash) is cacheable: strong ETag of the exact body, per content coding.
            var etag = ETags.ForResponse(http, hash);
            response.Headers.ETag = etag;
            response.Headers.CacheControl = "public, max-age=60";
            if (ETags.NoneMatch(http.Request, etag))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                response.ContentType = null;
                return;
            }
        }
        else
        {
            response.Headers.CacheControl = "no-store";
        }
        response.StatusCode = status;
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, http.RequestAborted);
    }

    /// <summary>The response type the client accepts: graphql-response+json first, then JSON (also for */* or no Accept); null if neither.</summary>
    internal static string? Negotiate(Microsoft.Extensions.Primitives.StringValues accept)
    {
        if (accept.Count == 0 || string.IsNullOrWhiteSpace(accept.ToString())) return Json;
        if (!MediaTypeHeaderValue.TryParseList(accept, out var types)) return Json;
        string? best = null;
        double bestQuality = 0;
        foreach (var type in types)
        {
            var quality = type.Quality ?? 1;
            if (quality <= 0) continue;
            var candidate = type.MediaType.Value?.ToLowerInvariant() switch
            {
                GraphQLResponseJson => GraphQLResponseJson,
                Json or "application/*" or "*/*" => Json,
                _ => null,
            };
            if (candidate is null) continue;
            if (quality > bestQuality || (quality == bestQuality && candidate == GraphQLResponseJson && best != GraphQLResponseJson))
                (best, bestQuality) = (candidate, quality);
        }
        return best;
    }
}
