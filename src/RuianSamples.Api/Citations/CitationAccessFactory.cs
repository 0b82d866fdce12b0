using Microsoft.Extensions.Options;
using RuianSamples.Api.Data;

namespace RuianSamples.Api.Citations;

/// <summary>Bound from the "Citation" configuration section.</summary>
public sealed class CitationOptions
{
    public const string Section = "Citation";

    /// <summary>
    /// The public base URL that permanent links are built on (https://catalog.example). Unset: the
    /// request's own scheme and host, which is right for one server and for tests; set it behind a proxy.
    /// </summary>
    public string? BaseUrl { get; set; }
}

/// <summary>Who reads what when: the base URL, the dataset version, today's date (UTC).</summary>
public sealed class CitationAccessFactory(IOptions<CitationOptions> options, CatalogDb db, TimeProvider clock)
{
    public string BaseUrl(HttpContext http) => options.Value.BaseUrl is { Length: > 0 } configured
        ? configured.TrimEnd('/')
        : $"{http.Request.Scheme}://{http.Request.Host}";

    /// <summary>The access of this request; <paramref name="version"/> is the dataset version the record was read at (a pinned read's), the request's own without it.</summary>
    public CitationAccess For(HttpContext http, string? version = null) =>
        new(BaseUrl(http), version ?? db.Version, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
}
