using RuianSamples.Api.Common;

namespace RuianSamples.Api.Site;

/// <summary>
/// What every page needs to know about its request: the language (Chinese unless ?lang=en, so a URL
/// names exactly one page and the response cache stays keyed on path and query) and how to link.
/// </summary>
public sealed class SiteContext
{
    public const string LangParameter = "lang";

    private SiteContext(bool english, string path, IReadOnlyList<KeyValuePair<string, string>> query)
    {
        English = english;
        Path = path;
        Query = query;
    }

    public bool English { get; }
    public string Path { get; }
    /// <summary>The page's query parameters other than lang, empty values dropped (a GET form sends its empty fields).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Query { get; }

    public string HtmlLang => English ? "en" : "zh-CN";

    public static SiteContext From(HttpContext http) => new(
        http.Request.Query[LangParameter].ToString() == "en",
        http.Request.Path.Value ?? "/",
        [.. http.Request.Query.Where(q => q.Key != LangParameter && q.Value.ToString().Length > 0)
            .Select(q => new KeyValuePair<string, string>(q.Key, q.Value.ToString()))]);

    public string T(string zh, string en) => English ? en : zh;

    /// <summary>"1 sample", "3 samples" in English; "1 个样本" style is the caller's Chinese.</summary>
    public static string Count(int n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";

    public string Text(Label label) => English ? label.En : label.Zh;

    /// <summary>A figure kind (the API's English word) in the page's language.</summary>
    public string Kind(string kind) => English ? kind : kind switch
    {
        "count" => "数量",
        "amount" => "金额",
        "growth" => "增长",
        "area" => "面积",
        "share" => "比重",
        "rank" => "排名",
        "duration" => "时长",
        "length" => "长度",
        "ratio" => "比率",
        "other" => "其他",
        _ => kind,
    };

    /// <summary>A region level (the API's word) in the page's language.</summary>
    public string Level(string level) => level switch
    {
        "province" => T("省", "province"),
        "city" => T("地级市", "prefecture-level city"),
        "county" => T("县", "county"),
        "district" => T("区", "district"),
        "county_city" => T("县级市", "county-level city"),
        "street" => T("街道", "subdistrict"),
        "town" => T("镇", "town"),
        "township" => T("乡", "township"),
        "village" => T("村", "village"),
        _ => level,
    };

    /// <summary>A pilot level or a first's scope (the API's word: national, provincial, municipal) in the page's language.</summary>
    public string Scope(string scope) => scope switch
    {
        "national" => T("全国", "national"),
        "provincial" => T("省级", "provincial"),
        "municipal" => T("市级", "municipal"),
        _ => scope,
    };

    public string? Get(string name) => Query.FirstOrDefault(q => q.Key == name).Value;

    /// <summary>A link to another page of the site, in this page's language.</summary>
    public string Href(string url) => English ? WithLang(url) : url;

    /// <summary>This page with other query values (null removes one), in this page's language.</summary>
    public string HrefWith(params (string Name, string? Value)[] changes)
    {
        var query = Query.Where(q => !changes.Any(c => c.Name == q.Key)).Select(q => new KeyValuePair<string, string?>(q.Key, q.Value))
            .Concat(changes.Where(c => c.Value is not null).Select(c => new KeyValuePair<string, string?>(c.Name, c.Value)));
        return Href(Path + QueryString.Create(query));
    }

    /// <summary>The same page in the other language.</summary>
    public string SwitchLanguageHref
    {
        get
        {
            var query = Query.Select(q => new KeyValuePair<string, string?>(q.Key, q.Value)).ToList();
            if (!English) query.Add(new(LangParameter, "en"));
            return Path + QueryString.Create(query);
        }
    }

    /// <summary>The HTML page of an API record URL (/api/v1/samples/2 → /samples/2), in this page's language.</summary>
    public string Page(string apiUrl) => Href(SiteUrls.HtmlUrl(apiUrl));

    private static string WithLang(string url)
    {
        var hash = url.IndexOf('#', StringComparison.Ordinal);
        var fragment = hash >= 0 ? url[hash..] : "";
        var main = hash >= 0 ? url[..hash] : url;
        return main + (main.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "lang=en" + fragment;
    }
}

/// <summary>Where a record's page is: its API URL without the /api/v1 prefix (records without a page keep their API URL).</summary>
public static class SiteUrls
{
    public const string ApiPrefix = "/api/v1";

    private static readonly string[] PagedResources = ["samples", "reforms", "regions", "themes", "figures", "sources", "search"];
    private static readonly string[] DetailResources = ["honors", "milestones"];

    /// <summary><see cref="HtmlUrl"/> as a slice of the API URL where it is one (a record of a listed resource), else the string it makes.</summary>
    public static ReadOnlySpan<char> HtmlUrlSpan(string apiUrl) =>
        apiUrl.StartsWith(ApiPrefix + "/", StringComparison.Ordinal) && !IsSourceText(apiUrl.AsSpan(ApiPrefix.Length)) && IsListed(apiUrl.AsSpan(ApiPrefix.Length))
            ? apiUrl.AsSpan(ApiPrefix.Length)
            : HtmlUrl(apiUrl);

    public static string HtmlUrl(string apiUrl)
    {
        if (!apiUrl.StartsWith(ApiPrefix + "/", StringComparison.Ordinal)) return apiUrl;
        var path = apiUrl[ApiPrefix.Length..];
        // A passage of a source text: the source page with the passage marked.
        if (IsSourceText(path)) return path.Remove(path.IndexOf("/text", StringComparison.Ordinal), "/text".Length) + (path.Contains("offset=", StringComparison.Ordinal) ? "#quote" : "");
        if (IsListed(path)) return path;
        // Honors and milestones have a page each, not a list page.
        return DetailResources.Contains(Resource(path).ToString()) && path.Count(c => c == '/') == 2 && !path.Contains('?', StringComparison.Ordinal) ? path : apiUrl;
    }

    private static bool IsSourceText(ReadOnlySpan<char> path) =>
        path.StartsWith("/sources/", StringComparison.Ordinal) && path.IndexOf("/text", StringComparison.Ordinal) > 0;

    // The first segment of "/resource/…", found in place: every search hit asks for its page.
    private static ReadOnlySpan<char> Resource(ReadOnlySpan<char> path)
    {
        var rest = path[1..];
        return rest[..(rest.IndexOfAny('/', '?') is var end and >= 0 ? end : rest.Length)];
    }

    private static bool IsListed(ReadOnlySpan<char> path)
    {
        var resource = Resource(path);
        foreach (var paged in PagedResources)
            if (resource.SequenceEqual(paged)) return true;
        return false;
    }

    /// <summary>A figure's passage on its source page: the quote marked, scrolled to.</summary>
    public static string Passage(string sourceId, int offset, int length) => $"/sources/{sourceId}?offset={offset}&length={length}#quote";
}
