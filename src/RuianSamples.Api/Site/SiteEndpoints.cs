using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;
using RuianSamples.Api.Catalog;
using RuianSamples.Api.Common;
using RuianSamples.Api.Figures;
using RuianSamples.Api.Honors;
using RuianSamples.Api.Milestones;
using RuianSamples.Api.Reforms;
using RuianSamples.Api.Regions;
using RuianSamples.Api.Samples;
using RuianSamples.Api.Search;
using RuianSamples.Api.Sources;
using RuianSamples.Api.Themes;

namespace RuianSamples.Api.Site;

/// <summary>
/// The web site: Razor components rendered to HTML by minimal-API endpoints (static server rendering,
/// no Blazor circuit). Each page calls its feature's REST handler and renders the record that handler
/// returns, so a page can never show other data than /api/v1 gives for the same URL.
/// </summary>
public static class SiteEndpoints
{
    public static readonly EmbeddedAssets Assets = new("site/");

    /// <summary>Scripts only from our own files (no inline script, no nonce), never framed.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public static WebApplicationBuilder AddSite(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents();
        // AddRazorComponents brings antiforgery, and with it data protection, whose hosted service reads the key ring at
        // start, and in a new container writes a key under ~/.aspnet with two warnings that it is neither persisted nor
        // encrypted. The site's one form is a GET (search), so nothing here protects data: the ring is left to load on
        // first use, if something ever asks for it (no measurable change in a cold start; no key file, no warnings).
        if (builder.Services.FirstOrDefault(d => d.ServiceType == typeof(IHostedService)
                && d.ImplementationType?.FullName == "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService") is { } keyRingAtStart)
            builder.Services.Remove(keyRingAtStart);
        // Chinese as characters, not &#x…; entities (a third of the bytes); markup-significant characters are still encoded.
        builder.Services.AddSingleton(HtmlEncoder.Create(UnicodeRanges.All));
        return builder;
    }

    /// <summary>
    /// The site's pages get a stricter policy than other HTML (Operations/SecurityHeaders, which adds nosniff and
    /// X-Frame-Options to every page): no inline style either. Set as the response starts, so cached pages get it too.
    /// </summary>
    public static WebApplication UseSite(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                if (context.GetEndpoint()?.Metadata.GetMetadata<SitePageAttribute>() is not null)
                    context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }

    public static IEndpointRouteBuilder MapSite(this IEndpointRouteBuilder app)
    {
        app.MapGet("/site/{file}", (HttpContext http, string file) => Assets.Serve(http, file)).ExcludeFromDescription();
        // Pages are cached like JSON: ETag and 304, keyed on the dataset version.
        var pages = app.MapGroup("").ExcludeFromDescription().WithMetadata(new CachedByVersionAttribute(), new SitePageAttribute());
        pages.MapHomePage();
        pages.MapSamplePages();
        pages.MapReformPages();
        pages.MapRegionPages();
        pages.MapThemePages();
        pages.MapFigurePages();
        pages.MapSourcePages();
        pages.MapHonorPages();
        pages.MapMilestonePages();
        pages.MapSearchPage();
        return app;
    }

    /// <summary>A page with its model; every page component takes Site and Model.</summary>
    public static RazorComponentResult Render<TPage>(HttpContext http, object? model, params (string Name, object? Value)[] more) where TPage : IComponent
    {
        var parameters = new Dictionary<string, object?> { ["Site"] = SiteContext.From(http), ["Model"] = model };
        foreach (var (name, value) in more) parameters[name] = value;
        return new RazorComponentResult<TPage>(parameters);
    }

    /// <summary>What a list page's filter form offers: every theme and every region, as their REST lists give them.</summary>
    public static async Task<(IReadOnlyList<ThemeDto> Themes, IReadOnlyList<RegionDto> Regions)> FilterChoicesAsync(HttpContext http,
        ThemeQueries themes, RegionQueries regions, Vocabulary vocabulary)
    {
        var regionList = ValueOf(await RegionEndpoints.List(
            ApiRequest(http, "/api/v1/regions", [new("limit", QueryReader.MaxLimit.ToString(System.Globalization.CultureInfo.InvariantCulture))]), regions, vocabulary), out _);
        var themeList = ValueOf(await ThemeEndpoints.List(ApiRequest(http, "/api/v1/themes", []), themes), out _);
        return (themeList?.Items ?? [], regionList?.Items ?? []);
    }

    /// <summary>A list page with its filter form: a bad filter is the reader's mistake, so the form stays usable and says what is wrong, with the API's status.</summary>
    public static IResult RenderList<TPage>(HttpContext http, object model, ProblemHttpResult? problem) where TPage : IComponent
    {
        var result = Render<TPage>(http, model);
        if (problem is not null) result.StatusCode = problem.StatusCode;
        return result;
    }

    /// <summary>A record's subject by its title (a reform's name, a sample's title, a place's name), null when it does not resolve.</summary>
    public static async Task<Label?> SubjectTitleAsync(Search.SearchQueries subjects, SubjectRef? subject) =>
        subject is null ? null
        : (await subjects.SubjectsAsync([$"{subject.Type}:{subject.Key}"])).Values.FirstOrDefault() is { } row ? new Label(row.TitleZh, row.TitleEn) : null;

    /// <summary>As <see cref="Render{TPage, T}"/>, with the record's subject by its title (the page's SubjectTitle).</summary>
    public static async Task<IResult> RenderWithSubjectAsync<TPage, T>(HttpContext http, Results<Ok<T>, ProblemHttpResult> result,
        Search.SearchQueries subjects, Func<T, SubjectRef?> subject) where TPage : IComponent =>
        result.Result is Ok<T> { Value: { } record }
            ? Render<TPage>(http, record, ("SubjectTitle", await SubjectTitleAsync(subjects, subject(record))))
            : Render<TPage, T>(http, result);

    /// <summary>A REST handler's record as a page, or its problem as an error page with the same status.</summary>
    public static IResult Render<TPage, T>(HttpContext http, Results<Ok<T>, ProblemHttpResult> result) where TPage : IComponent =>
        result.Result switch
        {
            Ok<T> ok => Render<TPage>(http, ok.Value),
            ProblemHttpResult problem => Error(http, problem),
            _ => throw new InvalidOperationException("A REST handler answered neither a record nor a problem."),
        };

    /// <summary>A browser asking for a page: GET or HEAD of an address outside the API's, with HTML among what it accepts.</summary>
    public static bool IsPageRequest(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && !ApiPrefixes.Any(p => request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase))
        && request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);

    private static readonly string[] ApiPrefixes = ["/api", "/graphql", "/openapi", "/swagger", "/bench", "/health", "/metrics"];

    public static IResult Error(HttpContext http, ProblemHttpResult problem) =>
        new RazorComponentResult<ErrorPage>(new Dictionary<string, object?> { ["Site"] = SiteContext.From(http), ["Model"] = problem.ProblemDetails })
        {
            StatusCode = problem.StatusCode,
        };

    /// <summary>
    /// A request to a REST list handler for its own URL with the page's parameters (lang removed): the
    /// handler validates them, pages and builds its links exactly as for /api/v1.
    /// </summary>
    public static HttpContext ApiRequest(HttpContext http, string apiPath, IEnumerable<KeyValuePair<string, string>> query)
    {
        var inner = new DefaultHttpContext { RequestServices = http.RequestServices };
        inner.Request.Method = HttpMethods.Get;
        inner.Request.Path = apiPath;
        inner.Request.QueryString = QueryString.Create(query.Select(q => new KeyValuePair<string, string?>(q.Key, q.Value)));
        return inner;
    }

    /// <summary>The value of a REST handler's result, or the problem it answered with.</summary>
    public static T? ValueOf<T>(Results<Ok<T>, ProblemHttpResult> result, out ProblemHttpResult? problem)
    {
        problem = result.Result as ProblemHttpResult;
        return result.Result is Ok<T> ok ? ok.Value : default;
    }

    /// <summary>The same, for an endpoint that writes its JSON with settings of its own (search).</summary>
    public static T? ValueOf<T>(Results<JsonHttpResult<T>, ProblemHttpResult> result, out ProblemHttpResult? problem)
    {
        problem = result.Result as ProblemHttpResult;
        return result.Result is JsonHttpResult<T> json ? json.Value : default;
    }
}

/// <summary>Marks the site's page endpoints (for their Content-Security-Policy).</summary>
public sealed class SitePageAttribute : Attribute;
