using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.HttpLogging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using RuianSamples.Api.Data;

namespace RuianSamples.Api.Operations;

/// <summary>
/// Logs, traces and metrics with the framework's own parts: HttpLogging writes one combined line per
/// request (JSON in Production, see appsettings.Production.json) with its trace id (an incoming
/// traceparent is continued), OpenTelemetry serves metrics in Prometheus text format at /metrics, and
/// OTLP export of traces and metrics switches on when OTEL_EXPORTER_OTLP_ENDPOINT is set.
/// </summary>
public static class Observability
{
    public const string ServiceName = "ruiansamples-api";
    public const string MeterName = "RuianSamples.Api";
    public const string TraceIdHeader = "X-Trace-Id";
    public const string MetricsPath = "/metrics";

    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        services.AddHttpLogging(o =>
        {
            // One line per request, written when it ends; no headers or bodies (they may carry keys).
            o.CombineLogs = true;
            o.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath | HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration;
        });
        services.AddHttpLoggingInterceptor<RouteAndTraceLogging>();

        var otel = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName))
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(MeterName)
                .AddPrometheusExporter());
        // Spans are recorded only when something receives them. ASP.NET Core itself continues an incoming
        // traceparent (Activity.Current, the X-Trace-Id header and the log line) without a tracer; a tracer
        // with no exporter recorded every request's span for nobody (issue 17: start-up and per-request cost).
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            otel.WithTracing(t => t
                    .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments(MetricsPath))
                    .AddHttpClientInstrumentation())
                .UseOtlpExporter();

        services.AddSingleton<CatalogMetrics>();
        return builder;
    }

    /// <summary>First in the pipeline: the request line is logged and the trace id returned even when a later part fails.</summary>
    public static WebApplication UseObservability(this WebApplication app)
    {
        app.Services.GetRequiredService<CatalogMetrics>();
        if (app.Configuration.GetValue("Observability:RequestLogging", true))
            app.UseHttpLogging();
        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var http = (HttpContext)state;
                if (Activity.Current is { } activity) http.Response.Headers[TraceIdHeader] = activity.TraceId.ToHexString();
                return Task.CompletedTask;
            }, context);
            return next(context);
        });
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }

    /// <summary>Adds the matched route template and the trace id to the request's log line.</summary>
    private sealed class RouteAndTraceLogging : IHttpLoggingInterceptor
    {
        public ValueTask OnRequestAsync(HttpLoggingInterceptorContext logContext) => ValueTask.CompletedTask;

        public ValueTask OnResponseAsync(HttpLoggingInterceptorContext logContext)
        {
            var http = logContext.HttpContext;
            logContext.AddParameter("Route", (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(none)");
            logContext.AddParameter("TraceId", Activity.Current?.TraceId.ToHexString() ?? "");
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>The catalog's own metrics: SQL statements run (counted by SQLite itself, see CatalogDb).</summary>
public sealed class CatalogMetrics
{
    public CatalogMetrics(IMeterFactory meters, CatalogDb db)
    {
        var meter = meters.Create(Observability.MeterName);
        meter.CreateObservableCounter("ruiansamples.db.statements", () => db.StatementsExecuted, "{statement}",
            "SQL statements run on read connections since start-up; divide its rate by http.server.request.duration's count rate for statements per request.");
    }
}
