using System.IO.Compression;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.ResponseCompression;
using RuianSamples.Api.Data;
using RuianSamples.Api.Operations;

namespace RuianSamples.Api.Common;

public static class ApiHttpExtensions
{
    /// <summary>Chinese stays readable in responses (JSON is never embedded in HTML here, so only what JSON requires is escaped).</summary>
    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>The API's JSON settings, also for what is rendered outside a request (materialised documents at import).</summary>
    public static readonly JsonSerializerOptions Json = ConfigureJson(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    private static JsonSerializerOptions ConfigureJson(JsonSerializerOptions options)
    {
        options.Encoder = Encoder;
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        return options;
    }

    public static WebApplicationBuilder AddApiHttp(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Instance ??= c.HttpContext.Request.Path;
            c.ProblemDetails.Extensions.Remove("exception");
            // The id X-Trace-Id and the log line carry (ASP.NET Core's default is the whole traceparent, 00-<trace>-<span>-<flags>).
            if (System.Diagnostics.Activity.Current is { } activity) c.ProblemDetails.Extensions["traceId"] = activity.TraceId.ToHexString();
        });
        // After the default writer: takes the requests whose Accept names no JSON type, which it declines.
        services.AddSingleton<IProblemDetailsWriter, AnyAcceptProblemDetailsWriter>();
        services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ["application/json", "application/problem+json", "application/graphql-response+json", "application/x-ndjson",
                "application/vnd.citationstyles.csl+json", "application/x-bibtex", "application/x-research-info-systems", "application/ld+json",
                "text/csv", "text/plain", "text/html", "application/javascript", "text/javascript", "text/css"];
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        // Browsers cache a preflight for at most this long (Chromium caps it at 2 h, Firefox at 24 h).
        services.AddCors(o => o.AddDefaultPolicy(p => p.AllowAnyOrigin().WithMethods("GET", "HEAD", "POST").AllowAnyHeader()
            .WithExposedHeaders("ETag", "Link", Data.CatalogDataExtensions.VersionHeader, "Retry-After", "RateLimit-Policy", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", Operations.Observability.TraceIdHeader)
            .SetPreflightMaxAge(TimeSpan.FromHours(2))));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.WebHost.ConfigureKestrel(o =>
        {
            o.Limits.MaxRequestBodySize = 1 << 20;
            o.Limits.MaxRequestLineSize = 16 * 1024;
            o.AddServerHeader = false;
        });
        services.AddSingleton<ResponseCache>();
        return builder;
    }

    public static WebApplication UseApiHttp(this WebApplication app)
    {
        app.UseExceptionHandler(error => error.Run(async context =>
        {
            var exception = context.Features.Get<IExceptionHandlerFeature>()?.Error;
            var (type, detail) = exception switch
            {
                BadHttpRequestException { StatusCode: 408 } => ("request-timeout", "The request body arrived too slowly."),
                BadHttpRequestException { StatusCode: 413 } => ("payload-too-large", "The request body is too large."),
                BadHttpRequestException { StatusCode: 415 } => ("unsupported-media-type", exception.Message),
                BadHttpRequestException => ("bad-request", exception.Message),
                ApiInputException input => (input.Type, input.Message),
                Npgsql.PostgresException { SqlState: "22021" } => ("bad-request", "A text in the request holds a character that is not text (NUL)."),
                { } unavailable when Data.CatalogDb.IsUnavailable(unavailable) => ("unavailable", "The catalog database cannot be read right now. Try again shortly."),
                _ => ("server-error", "An unexpected error occurred. It has been logged."),
            };
            await ApiProblems.Problem(type, detail).ExecuteAsync(context);
        }));
        app.UseStatusCodePages(async status =>
        {
            var context = status.HttpContext;
            var type = context.Response.StatusCode switch
            {
                404 => "not-found",
                405 => "method-not-allowed",
                406 => "not-acceptable",
                408 => "request-timeout",
                413 => "payload-too-large",
                415 => "unsupported-media-type",
                _ => "bad-request",
            };
            var detail = type == "not-found" ? $"There is nothing at '{context.Request.Path}'. The API's index is /api/v1." : ApiProblems.Types[type].Description;
            // A reader who types a wrong address into a browser gets the site's page saying so, in the page's language;
            // API clients, and every address under the API, keep problem details.
            if (type == "not-found" && Site.SiteEndpoints.IsPageRequest(context.Request))
            {
                await Site.SiteEndpoints.Error(context, ApiProblems.Problem(type, detail)).ExecuteAsync(context);
                return;
            }
            // Routing lists the endpoint's methods; every GET route also answers HEAD (HttpConformance.UseHeadAsGet).
            if (type == "method-not-allowed" && context.Response.Headers.Allow.ToString().Split(", ") is var allowed
                && allowed.Contains("GET") && !allowed.Contains("HEAD"))
                context.Response.Headers.Allow = string.Join(", ", [.. allowed, "HEAD"]);
            await ApiProblems.Problem(type, detail).ExecuteAsync(context);
        });
        app.UseResponseCompression();
        app.UseCors();
        app.UseRouting();
        app.UseApiRateLimiting();
        // NUL is not text: no record holds one and PostgreSQL's text cannot carry one, so both engines refuse it alike, up front.
        app.Use(async (context, next) =>
        {
            if (context.Request.Query.FirstOrDefault(q => q.Value.Any(v => v?.Contains('\0') == true)) is { Key: not null } nul)
            {
                await ApiProblems.Invalid(nul.Key, "Holds a NUL character (%00), which is not text.").ExecuteAsync(context);
                return;
            }
            if (context.Request.Path.Value?.Contains('\0') == true)
            {
                await ApiProblems.Problem("bad-request", "The path holds a NUL character (%00), which is not text.").ExecuteAsync(context);
                return;
            }
            await next(context);
        });
        app.UseDeclaredQueryParameters();
        app.UseCatalogReadScope();
        app.UseMiddleware<CachingMiddleware>();
        app.MapGet("/problems/{type}", (string type) => ApiProblems.Types.TryGetValue(type, out var p)
                ? Results.Text($"# {p.Title} ({p.Status})\n\n{p.Description}\n", "text/markdown; charset=utf-8")
                : ApiProblems.NotFound("problem type", type))
            .ExcludeFromDescription();
        return app;
    }
}
