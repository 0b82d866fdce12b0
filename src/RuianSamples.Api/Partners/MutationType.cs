using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using GraphQL;
using GraphQL.Types;
using RuianSamples.Api.Common;
using RuianSamples.Api.Figures;
using RuianSamples.Api.Reforms;
using RuianSamples.Api.Sources;

namespace RuianSamples.Api.Partners;

/// <summary>
/// GraphQL's partner writes. Each mutation turns its input into the REST body and calls the same
/// write service, so the rules, revisions, feed and audit are the same; refusals are spec-shaped
/// errors with extensions.code UNAUTHENTICATED, FORBIDDEN, CONFLICT, PRECONDITION_FAILED, BAD_USER_INPUT.
/// </summary>
public sealed class MutationType : ObjectGraphType
{
    public MutationType()
    {
        Name = "Mutation";
        Description = "Partner writes (a key in `Authorization: Bearer <token>`), through the same services and provenance rules as REST, "
            + "audited and rate limited per key as REST writes are (each mutation field is one write).";

        Field<NonNullGraphType<SourceWrittenGraphType>>("addSource").Description("Adds a source document (scope sources:write). Its text is normalised as the seeds are.")
            .Argument<NonNullGraphType<SourceInputType>>("input", "The source.")
            .ResolveAsync(async c =>
            {
                var result = await Write(c, Scopes.SourcesWrite, request => Get<SourceWriteService>(c).CreateAsync(request, Body(c, SourceInputType.Paths)));
                return JsonNode.Parse(result.Body)!["id"]!.GetValue<string>();
            });
        Field<NonNullGraphType<FigureGraphType>>("createFigure").Description("Adds a figure (scope figures:write); provenance is checked as for seeds.")
            .Argument<NonNullGraphType<FigureInputType>>("input", "The figure.")
            .ResolveAsync(async c => Figure(c, await Write(c, Scopes.FiguresWrite, request => Get<FigureWriteService>(c).CreateAsync(request, Body(c, FigureInputType.Paths)))));
        Field<NonNullGraphType<FigureGraphType>>("correctFigure").Description("Corrects a figure (scope figures:write): the fields given replace the figure's (null removes one).")
            .Argument<NonNullGraphType<StringGraphType>>("key", "The figure's key (REST id), e.g. fp-404.")
            .Argument<NonNullGraphType<IntGraphType>>("revision", "The revision the correction is based on; another current revision is PRECONDITION_FAILED.")
            .Argument<NonNullGraphType<StringGraphType>>("comment", "Why: stored on the revision.")
            .Argument<NonNullGraphType<FigurePatchType>>("patch", "The fields to change.")
            .ResolveAsync(async c => Figure(c, await Write(c, Scopes.FiguresWrite, request =>
                Get<FigureWriteService>(c).CorrectAsync(request, c.GetArgument<string>("key"), BasedOn(c), Patch(c, FigureInputType.Paths)))));
        Field<NonNullGraphType<FigureGraphType>>("retractFigure").Description("Retracts a figure (scope figures:write): never deleted, left out of lists, its record says when, by whom and why.")
            .Argument<NonNullGraphType<StringGraphType>>("key", "The figure's key (REST id).")
            .Argument<NonNullGraphType<IntGraphType>>("revision", "The revision the retraction is based on.")
            .Argument<NonNullGraphType<StringGraphType>>("comment", "Why.")
            .ResolveAsync(async c => Figure(c, await Write(c, Scopes.FiguresWrite, request =>
                Get<FigureWriteService>(c).RetractAsync(request, c.GetArgument<string>("key"), BasedOn(c), new JsonObject { ["comment"] = c.GetArgument<string>("comment") }))));
        Field<NonNullGraphType<ReformGraphType>>("createReform").Description("Adds a reform (scope reforms:write) with the slug given; provenance (description, quotes, firsts) is checked as for seeds.")
            .Argument<NonNullGraphType<ReformInputType>>("input", "The reform.")
            .ResolveAsync(async c => await Reform(c, await Write(c, Scopes.ReformsWrite, request =>
                Get<ReformWriteService>(c).CreateAsync(request, ReformInputType.ToRest(Body(c, ReformInputType.Paths))))));
        Field<NonNullGraphType<ReformGraphType>>("correctReform").Description("Corrects a reform (scope reforms:write): the fields given replace the reform's (null removes one; a list is replaced whole).")
            .Argument<NonNullGraphType<StringGraphType>>("slug", "The reform's slug.")
            .Argument<NonNullGraphType<IntGraphType>>("revision", "The revision the correction is based on; another current revision is PRECONDITION_FAILED.")
            .Argument<NonNullGraphType<StringGraphType>>("comment", "Why: stored on the revision.")
            .Argument<NonNullGraphType<ReformPatchType>>("patch", "The fields to change.")
            .ResolveAsync(async c => await Reform(c, await Write(c, Scopes.ReformsWrite, request =>
                Get<ReformWriteService>(c).CorrectAsync(request, c.GetArgument<string>("slug"), BasedOn(c), ReformInputType.ToRest(Patch(c, ReformInputType.Paths))))));
    }

    /// <summary>How a mutation appears in the audit log's route column.</summary>
    public static string RouteOf(string mutation) => "/graphql " + mutation;

    /// <summary>
    /// One mutation field as one write: the key's per-key rate limit (shared with REST), the key and its
    /// scope, then the write service. Every refusal is audited as REST's are (the HTTP status REST would
    /// answer) and becomes a spec-shaped error with a code; a write is audited in its own transaction.
    /// </summary>
    private static async Task<WriteResult> Write(IResolveFieldContext c, string scope, Func<WriteRequest, Task<WriteResult>> write)
    {
        var http = Get<IHttpContextAccessor>(c).HttpContext!;
        var key = PartnerKey.From(c.User ?? new System.Security.Claims.ClaimsPrincipal());
        var route = RouteOf(c.FieldDefinition.Name);
        try
        {
            var buckets = Get<PartnerWriteBuckets>(c);
            using (var lease = buckets.Acquire(PartnerWriteBuckets.PartitionOf(http)))
                if (!lease.IsAcquired)
                {
                    var seconds = buckets.RetryAfterSeconds(lease);
                    http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    throw new WriteRefusal("too-many-requests", buckets.RefusalDetail(seconds)) { Headers = { ["Retry-After"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture) } };
                }
            if (key is null) throw new WriteRefusal("unauthorized", "This mutation needs a partner key: send 'Authorization: Bearer <token>' with a valid, unrevoked token.");
            if (!key.Scopes.Contains(scope))
                throw new WriteRefusal("forbidden", $"This key lacks the scope '{scope}'.", new Dictionary<string, string[]> { ["scope"] = [scope] });
            return await write(new WriteRequest(key, "POST", route, null, Hash(c.Arguments)));
        }
        catch (WriteRefusal refusal)
        {
            await Get<PartnerWriter>(c).AuditRefusalAsync(key, "POST", route, ApiProblems.Types[refusal.Type].Status, refusal.Message);
            var error = new ExecutionError(refusal.Message)
            {
                Code = refusal.Type switch
                {
                    "unauthorized" => "UNAUTHENTICATED",
                    "forbidden" => "FORBIDDEN",
                    "conflict" => "CONFLICT",
                    "precondition-failed" or "precondition-required" => "PRECONDITION_FAILED",
                    "not-found" => "NOT_FOUND",
                    "too-many-requests" => "RATE_LIMITED",
                    _ => "BAD_USER_INPUT",
                },
            };
            if (refusal.Errors is { } errors) error.Data["errors"] = errors;
            if (refusal.Headers.TryGetValue("Retry-After", out var retryAfter)) error.Data["retryAfter"] = int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture);
            throw error;
        }
    }

    private static T Get<T>(IResolveFieldContext c) where T : notnull => c.RequestServices!.GetRequiredService<T>();

    private static string Hash(IDictionary<string, global::GraphQL.Execution.ArgumentValue>? arguments) => Convert.ToHexStringLower(SHA256.HashData(
        JsonSerializer.SerializeToUtf8Bytes(arguments?.ToDictionary(a => a.Key, a => a.Value.Value) ?? [])));

    /// <summary>GraphQL names the revision a change is based on (as Wikidata's baserevid) where REST sends If-Match.</summary>
    private static Precondition BasedOn(IResolveFieldContext c) => new(null, c.GetArgument<int>("revision"));

    /// <summary>The input argument as the REST body (GraphQL names → REST paths).</summary>
    private static JsonObject Body(IResolveFieldContext c, IReadOnlyDictionary<string, string> paths, string argument = "input")
    {
        var body = new JsonObject();
        void Put(IDictionary<string, object?> values, string prefix)
        {
            foreach (var (name, value) in values)
            {
                if (value is IDictionary<string, object?> inner) { Put(inner, prefix + name + "."); continue; }
                var parts = paths[prefix + name].Split('.');
                var node = body;
                foreach (var part in parts[..^1]) node = node[part] as JsonObject ?? (JsonObject)(node[part] = new JsonObject());
                node[parts[^1]] = value is null ? null : JsonSerializer.SerializeToNode(value);
            }
        }
        Put(c.GetArgument<Dictionary<string, object?>>(argument), "");
        return body;
    }

    /// <summary>A correction's patch as REST's merge patch, with its comment.</summary>
    private static JsonObject Patch(IResolveFieldContext c, IReadOnlyDictionary<string, string> paths)
    {
        var body = Body(c, paths, "patch");
        body["comment"] = c.GetArgument<string>("comment");
        return body;
    }

    private static FigureDto Figure(IResolveFieldContext c, WriteResult result) =>
        JsonSerializer.Deserialize<FigureDto>(result.Body, Get<PartnerWriter>(c).Json)!;

    /// <summary>The reform as written: read after the commit (the request's reads then see the write).</summary>
    private static async Task<ReformRow> Reform(IResolveFieldContext c, WriteResult result) =>
        (await Get<ReformQueries>(c).BySlugAsync(JsonNode.Parse(result.Body)!["slug"]!.GetValue<string>()))!;
}

/// <summary>A figure's fields as GraphQL input (REST's names, flattened: indicatorZh for indicator.zh …).</summary>
public class FigureInputType : InputObjectGraphType
{
    public static readonly IReadOnlyDictionary<string, string> Paths = new Dictionary<string, string>
    {
        ["subjectType"] = "subject.type", ["subjectKey"] = "subject.key", ["indicatorZh"] = "indicator.zh", ["indicatorEn"] = "indicator.en",
        ["value"] = "value", ["valueText"] = "valueText", ["unit"] = "unit", ["qualifier"] = "qualifier", ["qualifierText"] = "qualifierText",
        ["period"] = "period", ["periodInferred"] = "periodInferred", ["periodBasis"] = "periodBasis",
        ["baseline"] = "baseline", ["baseline.value"] = "baseline.value", ["baseline.valueText"] = "baseline.valueText", ["baseline.unit"] = "baseline.unit", ["baseline.period"] = "baseline.period",
        ["kind"] = "kind", ["region"] = "region.slug", ["sourceId"] = "citation.sourceId", ["quote"] = "citation.quote",
    };

    private static readonly HashSet<string> Required = ["subjectType", "subjectKey", "indicatorZh", "indicatorEn", "value", "valueText", "qualifier", "kind", "region", "sourceId", "quote"];

    public FigureInputType() : this("FigureInput", "A new figure: what the source states, where, when, and the verbatim quote.", patch: false) { }

    protected FigureInputType(string name, string description, bool patch)
    {
        Name = name;
        Description = description;
        foreach (var field in Paths.Keys.Where(k => !k.StartsWith("baseline", StringComparison.Ordinal)))
        {
            var type = field switch
            {
                "value" => typeof(FloatGraphType),
                "periodInferred" => typeof(BooleanGraphType),
                _ => typeof(StringGraphType),
            };
            if (!patch && Required.Contains(field)) type = typeof(NonNullGraphType<>).MakeGenericType(type);
            Field(field, type).Description($"REST's `{Paths[field]}`.");
        }
        Field<BaselineInputType>("baseline").Description("The before value, when the text gives a before/after pair.");
    }
}

/// <summary>The fields of a correction: each given one replaces the figure's (null removes it), as in a merge patch.</summary>
public sealed class FigurePatchType() : FigureInputType("FigurePatch", "A correction of a figure: only the fields given change.", patch: true);

public sealed class BaselineInputType : InputObjectGraphType
{
    public BaselineInputType()
    {
        Name = "BaselineInput";
        Description = "The before value of a before/after pair.";
        Field<NonNullGraphType<FloatGraphType>>("value").Description("The before value as a number.");
        Field<NonNullGraphType<StringGraphType>>("valueText").Description("As written; it must appear in the quote.");
        Field<StringGraphType>("unit").Description("Its unit as written.");
        Field<StringGraphType>("period").Description("Its period.");
    }
}

public sealed class SourceInputType : InputObjectGraphType
{
    public static readonly IReadOnlyDictionary<string, string> Paths = new Dictionary<string, string>
    {
        ["id"] = "id", ["titleZh"] = "title.zh", ["titleEn"] = "title.en", ["publicationZh"] = "publication.zh", ["publicationEn"] = "publication.en",
        ["byline"] = "byline", ["date"] = "date", ["datePrecision"] = "datePrecision", ["dateInferred"] = "dateInferred", ["dateBasis"] = "dateBasis",
        ["originalUrl"] = "originalUrl", ["text"] = "text",
    };

    public SourceInputType()
    {
        Name = "SourceInput";
        Description = "A new source document; its text is kept as sent and normalised as the seeds are.";
        foreach (var (field, path) in Paths)
        {
            Type type = field == "dateInferred" ? typeof(BooleanGraphType) : typeof(StringGraphType);
            if (field is "id" or "titleZh" or "titleEn" or "date" or "datePrecision" or "text") type = typeof(NonNullGraphType<>).MakeGenericType(type);
            Field(field, type).Description($"REST's `{path}`.");
        }
    }
}

/// <summary>What addSource returns: the new source's id and where to read it.</summary>
public sealed class SourceWrittenGraphType : ObjectGraphType<string>
{
    public SourceWrittenGraphType()
    {
        Name = "SourceWritten";
        Description = "The source added.";
        Field<NonNullGraphType<StringGraphType>>("sourceId").Description("Its id.").Resolve(c => c.Source);
        Field<NonNullGraphType<StringGraphType>>("url").Description("Its REST URL.").Resolve(c => $"/api/v1/sources/{c.Source}");
    }
}

/// <summary>One revision in GraphQL (REST's /history entries).</summary>
public sealed class RevisionGraphType : ObjectGraphType<RevisionDto>
{
    public RevisionGraphType()
    {
        Name = "Revision";
        Description = "A change of a record made through the API: who, when, why and what (before → after).";
        Field<NonNullGraphType<IntGraphType>>("revision").Description("The record's revision number after this change.").Resolve(c => (int)c.Source.Revision);
        Field<NonNullGraphType<IntGraphType>>("position").Description("Its position in the change feed (commit order).").Resolve(c => (int)c.Source.Position);
        Field(x => x.Action).Description("create, correct or retract.");
        Field(x => x.At).Description("When (UTC, ISO 8601).");
        Field<NonNullGraphType<StringGraphType>>("agency").Description("The key's name (the agency).").Resolve(c => c.Source.Agency.Name);
        Field(x => x.Comment, nullable: true).Description("Why, as the agency said.");
        Field<NonNullGraphType<StringGraphType>>("changes").Description("The fields changed, as JSON {field: {before, after}}.").Resolve(c => c.Source.Changes.ToJsonString());
    }
}
