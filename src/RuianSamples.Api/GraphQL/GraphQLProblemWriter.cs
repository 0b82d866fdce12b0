using System.Text.Json;

namespace RuianSamples.Api.GraphQL;

/// <summary>
/// On /graphql, the answers written outside <see cref="GraphQLHttpEndpoint"/> (the rate limiter's 429, the NUL check's 400,
/// status-code pages, the exception handler) come through the problem-details service: this writer, registered before
/// ASP.NET Core's, gives them GraphQL-over-HTTP's shape, so a GraphQL client reads every refusal as <c>errors</c>
/// (<c>extensions.code</c> is the problem type in capitals, as the endpoint's own codes are). REST keeps RFC 9457.
/// </summary>
public sealed class GraphQLProblemWriter : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => IsGraphQL(context.HttpContext.Request.Path);

    public static bool IsGraphQL(PathString path) => path.Equals(GraphQLExtensions.Path, StringComparison.OrdinalIgnoreCase);

    public async ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        var type = problem.Type is { } uri ? uri[(uri.LastIndexOf('/') + 1)..] : "bad-request";
        // invalid-parameter on /graphql is a malformed request (a NUL in GET's query string), which the endpoint calls BAD_REQUEST.
        var code = type == "invalid-parameter" ? "BAD_REQUEST" : type.Replace('-', '_').ToUpperInvariant();
        using var body = new MemoryStream();
        using (var json = new Utf8JsonWriter(body, new JsonWriterOptions { Encoder = Common.ApiHttpExtensions.Encoder }))
        {
            json.WriteStartObject();
            json.WriteStartArray("errors");
            json.WriteStartObject();
            json.WriteString("message", problem.Detail ?? problem.Title ?? "The request was refused.");
            json.WriteStartObject("extensions");
            json.WriteString("code", code);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }
        var response = http.Response;
        // Neither type accepted: still JSON, since the status (429, 413 …) matters more than a 406 here.
        response.ContentType = (GraphQLHttpEndpoint.Negotiate(http.Request.Headers.Accept) ?? "application/json") + "; charset=utf-8";
        response.Headers.Vary = "Accept, Accept-Encoding";
        if (string.IsNullOrEmpty(response.Headers.CacheControl)) response.Headers.CacheControl = "no-store";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body.GetBuffer().AsMemory(0, (int)body.Length), http.RequestAborted);
    }
}
