namespace RuianSamples.Api.Operations;

/// <summary>
/// Headers on every response, set when it starts (so error pages and other features' HTML pages get
/// them too): nosniff, a referrer policy, and a CSP. HTML gets a policy with no inline script and no
/// framing, and a short cache lifetime (unless its endpoint asked for revalidation or no storage); everything else gets
/// <c>default-src 'none'</c>, so a JSON or CSV body can never run as a page.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>Own scripts only (Swagger UI and GraphiQL are bundled); inline styles because both UIs set style attributes.</summary>
    public const string HtmlPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
        + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public const string DataPolicy = "default-src 'none'; frame-ancestors 'none'";

    public const string HtmlCacheControl = "public, max-age=60, must-revalidate";

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var response = ((HttpContext)state).Response;
                var headers = response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                var html = response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true;
                var policy = headers.ContentSecurityPolicy.ToString();
                if (policy.Length == 0) headers.ContentSecurityPolicy = html ? HtmlPolicy : DataPolicy;
                else if (!policy.Contains("frame-ancestors", StringComparison.Ordinal)) headers.ContentSecurityPolicy = policy + "; frame-ancestors 'none'";
                if (html)
                {
                    headers.XFrameOptions = "DENY"; // for browsers that predate frame-ancestors
                    // A shell is cheap to fetch and must not outlive a deployment (Swagger UI's own default is 7 days).
                    var cache = headers.CacheControl.ToString();
                    if (!cache.Contains("no-cache", StringComparison.Ordinal) && !cache.Contains("no-store", StringComparison.Ordinal)) headers.CacheControl = HtmlCacheControl;
                }
                return Task.CompletedTask;
            }, context);
            return next(context);
        });
        return app;
    }
}
