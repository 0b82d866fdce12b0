using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using RuianSamples.Api.Common;

namespace RuianSamples.Api.Operations;

/// <summary>Per client address, configured under "RateLimiting" (appsettings.json documents the defaults).</summary>
public sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    /// <summary>false switches the per-address limit off (bench/run.sh does, explicitly).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Requests one client address may make per window.</summary>
    public int PermitLimit { get; set; } = 300;

    public int WindowSeconds { get; set; } = 10;
}

/// <summary>Told of every request the per-address limit refused (after the 429 is written): partner writes audit theirs.</summary>
public interface IRateLimitRefusalObserver
{
    Task RefusedAsync(HttpContext http, int status, string detail);
}

/// <summary>
/// ASP.NET Core's rate limiter, registered once: a global per-address fixed window for every route
/// (probes and /metrics exempt), 429 problem details with Retry-After and RateLimit-* headers.
/// Features add their own named policies with <c>services.Configure&lt;RateLimiterOptions&gt;(o =&gt; o.AddPolicy(...))</c>
/// and <c>.RequireRateLimiting(name)</c> on their route group; rejections from any policy get the same answer.
/// </summary>
public static class RateLimiting
{
    public static WebApplicationBuilder AddApiRateLimiting(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<RateLimitingOptions>(builder.Configuration.GetSection(RateLimitingOptions.Section));
        // A bench run (Bench:Enabled, never a deployment) loads the API from one loopback address: the per-address limit would
        // answer it 429s and the figures would measure refusals. bench/run.sh and ../shared/bench-peers both rely on this.
        builder.Services.PostConfigure<RateLimitingOptions>(o => o.Enabled &= !builder.Configuration.GetValue<bool>("Bench:Enabled"));
        builder.Services.AddSingleton(services => PerAddress(services.GetRequiredService<IOptions<RateLimitingOptions>>().Value));
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<PartitionedRateLimiter<HttpContext>, IOptions<RateLimitingOptions>>((o, perAddress, settings) =>
        {
            o.GlobalLimiter = perAddress;
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) => Reject(context.HttpContext, context.Lease, settings.Value);
        });
        return builder;
    }

    /// <summary>After routing (named policies are endpoint metadata), before the response cache (a cached answer still counts).</summary>
    public static WebApplication UseApiRateLimiting(this WebApplication app)
    {
        app.UseRateLimiter();
        var settings = app.Services.GetRequiredService<IOptions<RateLimitingOptions>>().Value;
        if (!settings.Enabled) return app;
        var perAddress = app.Services.GetRequiredService<PartitionedRateLimiter<HttpContext>>();
        app.Use((context, next) =>
        {
            // What is left of this address's window, on every answer (the draft IETF RateLimit header fields).
            if (perAddress.GetStatistics(context) is { } statistics && !IsExempt(context.Request.Path))
            {
                var headers = context.Response.Headers;
                headers["RateLimit-Policy"] = Policy(settings);
                headers["RateLimit-Limit"] = settings.PermitLimit.ToString(CultureInfo.InvariantCulture);
                headers["RateLimit-Remaining"] = statistics.CurrentAvailablePermits.ToString(CultureInfo.InvariantCulture);
            }
            return next(context);
        });
        return app;
    }

    private static bool IsExempt(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.Ordinal) || path.StartsWithSegments(Observability.MetricsPath, StringComparison.Ordinal);

    private static string Policy(RateLimitingOptions settings) => $"{settings.PermitLimit};w={settings.WindowSeconds}";

    private static PartitionedRateLimiter<HttpContext> PerAddress(RateLimitingOptions settings) =>
        PartitionedRateLimiter.Create<HttpContext, string>(http =>
            !settings.Enabled || IsExempt(http.Request.Path)
                ? RateLimitPartition.GetNoLimiter("")
                // Behind a proxy, enable ASP.NET Core's forwarded-headers middleware so this is the client's address.
                : RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = settings.PermitLimit,
                    Window = TimeSpan.FromSeconds(settings.WindowSeconds),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));

    private static async ValueTask Reject(HttpContext http, RateLimitLease lease, RateLimitingOptions settings)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : settings.WindowSeconds;
        retryAfter = Math.Max(retryAfter, 1);
        var headers = http.Response.Headers;
        headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        headers["RateLimit-Policy"] = Policy(settings);
        headers["RateLimit-Limit"] = settings.PermitLimit.ToString(CultureInfo.InvariantCulture);
        headers["RateLimit-Remaining"] = "0";
        headers["RateLimit-Reset"] = retryAfter.ToString(CultureInfo.InvariantCulture);
        headers.CacheControl = "no-store";
        var detail = $"Too many requests. Retry after {retryAfter} s.";
        await ApiProblems.Problem("too-many-requests", detail).ExecuteAsync(http);
        foreach (var observer in http.RequestServices.GetServices<IRateLimitRefusalObserver>())
            await observer.RefusedAsync(http, StatusCodes.Status429TooManyRequests, detail);
    }
}
