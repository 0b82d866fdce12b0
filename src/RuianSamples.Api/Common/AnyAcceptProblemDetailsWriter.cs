using System.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace RuianSamples.Api.Common;

/// <summary>
/// Every problem is written whole (instance, traceId, errors), whatever the Accept header names. ASP.NET Core's own writer
/// declines a request whose Accept names no JSON type (<c>text/html</c>, <c>text/csv</c>, <c>application/xml</c>), and
/// <c>ProblemHttpResult</c> then falls back to serialising the bare object: without <c>CustomizeProblemDetails</c> (no
/// <c>instance</c>, which the OpenAPI document marks required) and without <c>traceId</c>. The API answers JSON to such
/// requests anyway, so this writer, registered after the default one, takes the requests it declines.
/// </summary>
public sealed class AnyAcceptProblemDetailsWriter(IOptions<ProblemDetailsOptions> options, IOptions<JsonOptions> json) : IProblemDetailsWriter
{
    public const string ContentType = "application/problem+json";

    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        // What ASP.NET Core's writer applies before customising (ProblemDetailsDefaults.Apply).
        problem.Status ??= http.Response.StatusCode;
        problem.Extensions.TryAdd("traceId", Activity.Current?.Id ?? http.TraceIdentifier);
        options.Value.CustomizeProblemDetails?.Invoke(context);
        var typeInfo = json.Value.SerializerOptions.GetTypeInfo(problem.GetType());
        return new ValueTask(http.Response.WriteAsJsonAsync(problem, typeInfo, ContentType, http.RequestAborted));
    }
}
