using Microsoft.AspNetCore.Http.HttpResults;

namespace RuianSamples.Api.Common;

/// <summary>
/// The one error shape (RFC 9457). <c>type</c> is a stable URI reference under /problems/, which
/// the API itself serves as documentation; <c>errors</c> maps a parameter name to its messages.
/// </summary>
public static class ApiProblems
{
    public static readonly IReadOnlyDictionary<string, (int Status, string Title, string Description)> Types =
        new Dictionary<string, (int, string, string)>
        {
            ["not-found"] = (404, "Not found", "No record has that identifier, or no route has that path."),
            ["invalid-parameter"] = (400, "Invalid parameter", "A query or path parameter has a value the API cannot accept; `errors` names each one."),
            ["unknown-parameter"] = (400, "Unknown parameter", "The request has a query parameter this endpoint does not take; `errors` lists the allowed ones."),
            ["invalid-cursor"] = (400, "Invalid cursor", "The cursor is not one this API issued for this listing (or it was edited). Start again without `cursor`."),
            ["version-not-found"] = (404, "Dataset version not available", "The `version` asked for cannot be read back: it is newer than the current dataset version, older than the import that stands (a re-import replaces every record, so earlier versions cannot be rebuilt), or the record changed in a way this build cannot rebuild. GET /api/v1/versions lists the versions that can be read."),
            ["method-not-allowed"] = (405, "Method not allowed", "The resource exists but does not take that HTTP method."),
            ["not-acceptable"] = (406, "Not acceptable", "The API cannot produce a representation the Accept header allows."),
            ["payload-too-large"] = (413, "Payload too large", "The request body is larger than this endpoint accepts."),
            ["unsupported-media-type"] = (415, "Unsupported media type", "The request body's Content-Type is not one this endpoint reads."),
            ["request-timeout"] = (408, "Request timeout", "The request body arrived too slowly; send it again at a normal pace."),
            ["too-many-requests"] = (429, "Too many requests", "This client address (or key) sent more requests than its limit allows in the current window; Retry-After says when to try again, the RateLimit-* headers give the limit."),
            ["bad-request"] = (400, "Bad request", "The request could not be read."),
            ["unauthorized"] = (401, "Unauthorized", "Writes need a partner key: `Authorization: Bearer <token>`. The key is missing, unknown or revoked; administrators issue keys with `keys create`."),
            ["forbidden"] = (403, "Forbidden", "The key is valid but lacks what this write needs: a scope (`figures:write` …) or the region of the record. `detail` and `errors` name what is missing."),
            ["conflict"] = (409, "Conflict", "The record's state does not allow this write: the identifier is taken, or the record is retracted."),
            ["precondition-failed"] = (412, "Precondition failed", "If-Match names a revision that is no longer current. The response's ETag header is the current one: GET the record, re-apply the change, retry with that ETag."),
            ["invalid-record"] = (422, "Invalid record", "The record breaks a rule of the catalog (the same rules as the curated seeds). `errors` maps each field to the rule it breaks, e.g. `verbatim-in-source`, `value-in-quote`, `region-exists`, `unknown-member`."),
            ["idempotency-key-reused"] = (422, "Idempotency-Key reused", "This Idempotency-Key was already used with a different request body. Use a new key for a new request."),
            ["precondition-required"] = (428, "Precondition required", "A correction or retraction needs If-Match with the ETag of the revision it is based on (from GET or from the write that made it)."),
            ["too-many-requests"] = (429, "Too many requests", "This key sent more writes than its rate allows. Retry after the number of seconds in Retry-After."),
            ["server-error"] = (500, "Internal error", "Something failed on our side. It is logged; the request can be retried."),
            ["unavailable"] = (503, "Unavailable", "The catalog database is not ready."),
        };

    public static string TypeUri(string type) => $"/problems/{type}";

    public static ProblemHttpResult Problem(string type, string detail, IDictionary<string, string[]>? errors = null)
    {
        var (status, title, _) = Types[type];
        var extensions = new Dictionary<string, object?>();
        if (errors is { Count: > 0 }) extensions["errors"] = errors;
        return TypedResults.Problem(detail: detail, statusCode: status, title: title, type: TypeUri(type), extensions: extensions);
    }

    public static ProblemHttpResult NotFound(string what, string id) =>
        Problem("not-found", $"No {what} has the identifier '{id}'.");

    public static ProblemHttpResult Invalid(string parameter, string message) =>
        Problem("invalid-parameter", $"The parameter '{parameter}' is invalid: {message}", new Dictionary<string, string[]> { [parameter] = [message] });
}

/// <summary>A request mistake found while reading parameters; turned into a 400 problem by the endpoint.</summary>
public sealed class ApiInputException(string type, string parameter, string message) : Exception(message)
{
    public string Type { get; } = type;
    public string Parameter { get; } = parameter;
    public IReadOnlyList<string>? Unknown { get; init; }
    public IReadOnlyList<string>? Allowed { get; init; }

    public ProblemHttpResult ToProblem() => Type switch
    {
        "unknown-parameter" => ApiProblems.Problem(Type, Message, (Unknown ?? [Parameter]).ToDictionary(u => u, _ => new[] { $"Unknown parameter. Allowed: {string.Join(", ", Allowed ?? [])}." })),
        "invalid-parameter" => ApiProblems.Invalid(Parameter, Message),
        _ => ApiProblems.Problem(Type, Message, new Dictionary<string, string[]> { [Parameter] = [Message] }),
    };
}
