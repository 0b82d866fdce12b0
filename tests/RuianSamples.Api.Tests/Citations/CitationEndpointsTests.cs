using System.Net;
using System.Text;
using System.Text.Json;
using RuianSamples.Api.Citations;
using RuianSamples.Api.Tests.GraphQL;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Citations;

public class CitationEndpointsTests(CatalogFactory factory) : IClassFixture<CatalogFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    /// <summary>What each source's manifest says, written out by hand: the people of the byline without their roles.</summary>
    private static readonly Dictionary<string, string[]> Authors = new()
    {
        ["zjdaily-ruian-reform"] = ["应忠彭", "严小章"],
        ["wenzhou-ten-samples"] = ["周琳子", "叶志攀"],
        ["ruian-gov-work-report-2023"] = ["秦肖"],
        ["wenzhou-spirit-officials"] = ["涂秀明", "沈长城", "刘晓光", "李志敬", "夏晓静"],
        ["ruian-quality-city"] = ["苏盈盈", "林洁"],
    };

    private static string Today => DateTime.UtcNow.ToString("yyyy-MM-dd");

    private async Task<(HttpResponseMessage Response, string Body)> Get(string url, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        var response = await _client.SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Records of every type, with their source id and (figures) their quote.</summary>
    private async Task<List<(string Path, string SourceId, string? Quote)>> Records()
    {
        var records = new List<(string, string, string?)>();
        foreach (var s in (await _client.GetJson("/api/v1/sources")).GetProperty("items").EnumerateArray())
            records.Add(($"/api/v1/sources/{s.GetProperty("id").GetString()}", s.GetProperty("id").GetString()!, null));
        foreach (var s in (await _client.GetJson("/api/v1/samples?limit=10")).GetProperty("items").EnumerateArray())
            records.Add(($"/api/v1/samples/{s.GetProperty("number").GetInt32()}", (await SourceOf(s.GetProperty("url").GetString()!))!, null));
        foreach (var r in (await _client.GetJson("/api/v1/reforms?limit=15&sort=-startYear")).GetProperty("items").EnumerateArray())
            records.Add((r.GetProperty("url").GetString()!, (await SourceOf(r.GetProperty("url").GetString()!))!, null));
        foreach (var f in (await _client.GetJson("/api/v1/figures?limit=30&sort=-baseValue")).GetProperty("items").EnumerateArray())
            records.Add((f.GetProperty("url").GetString()!, f.GetProperty("citation").GetProperty("sourceId").GetString()!, f.GetProperty("citation").GetProperty("quote").GetString()));
        return records;
    }

    // A sample's or reform's own source is the first in its sources list (its record's source_id leads it).
    private async Task<string?> SourceOf(string url) => (await _client.GetJson(url)).GetProperty("sources")[0].GetProperty("id").GetString();

    [Fact]
    public async Task CSL_JSON_names_the_source_the_record_and_when_it_was_read()
    {
        var sources = (await _client.GetJson("/api/v1/sources")).GetProperty("items").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!, s => s.Clone());
        foreach (var (path, sourceId, quote) in await Records())
        {
            var (response, body) = await Get(path + "/citation");
            response.StatusCode.Should().Be(HttpStatusCode.OK, body);
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/vnd.citationstyles.csl+json");
            response.Content.Headers.ContentType.CharSet.Should().Be("utf-8");
            var item = JsonDocument.Parse(body).RootElement.EnumerateArray().Single();
            var source = sources[sourceId];

            item.GetProperty("title").GetString().Should().Be(source.GetProperty("title").GetProperty("zh").GetString());
            item.GetProperty("author").EnumerateArray().Select(a => a.GetProperty("literal").GetString()).Should().Equal(Authors[sourceId]);
            var date = source.GetProperty("date").GetString()!;
            item.GetProperty("issued").GetProperty("date-parts")[0].EnumerateArray().Select(p => p.GetInt32()).Should()
                .Equal(date.Split('-').Select(int.Parse), $"{path}: the date keeps its precision ({date})");
            item.GetProperty("URL").GetString().Should().Be($"http://localhost{path}?version={await Version()}", "the permanent URL is pinned to the version read");
            string.Join("-", item.GetProperty("accessed").GetProperty("date-parts")[0].EnumerateArray().Select(p => p.GetInt32().ToString("D2"))).Should().Be(Today);
            item.GetProperty("version").GetString().Should().Be((await _client.GetJson("/api/v1")).GetProperty("datasetVersion").GetString());
            if (quote is not null) item.GetProperty("note").GetString().Should().Contain($"“{quote}”");
            if (source.GetProperty("dateInferred").GetBoolean()) item.GetProperty("note").GetString().Should().Contain("inferred");
            if (source.GetProperty("publication").ValueKind == JsonValueKind.Object)
            {
                var publication = source.GetProperty("publication").GetProperty("zh").GetString();
                (item.TryGetProperty("container-title", out var container) ? container : item.GetProperty("publisher")).GetString().Should().Be(publication);
            }
        }
    }

    [Fact]
    public async Task Zhejiang_Daily_is_cited_as_a_newspaper_in_every_format()
    {
        var path = "/api/v1/sources/zjdaily-ruian-reform/citation";
        var csl = JsonDocument.Parse((await Get(path)).Body).RootElement[0];
        csl.GetProperty("type").GetString().Should().Be("article-newspaper");
        csl.GetProperty("container-title").GetString().Should().Be("浙江日报");

        var (bibResponse, bib) = await Get(path + "?format=bibtex");
        bibResponse.Content.Headers.ContentType!.ToString().Should().Be("application/x-bibtex; charset=utf-8");
        bib.Should().StartWith("@article{ruiansamples-source-zjdaily-ruian-reform,\n")
            .And.Contain("  entrysubtype = {newspaper},\n")
            .And.Contain("  author = {{应忠彭} and {严小章}},\n")
            .And.Contain("  title = {{激发瑞安城市创新活力}},\n")
            .And.Contain("  journaltitle = {浙江日报},\n")
            .And.Contain("  date = {2024},\n")
            .And.Contain($"  url = {{http://localhost/api/v1/sources/zjdaily-ruian-reform?version={await Version()}}},\n")
            .And.Contain($"  urldate = {{{Today}}},\n");

        var (risResponse, _) = await Get(path + "?format=ris");
        risResponse.Content.Headers.ContentType!.ToString().Should().Be("application/x-research-info-systems; charset=utf-8");
        var ris = Encoding.UTF8.GetString(await risResponse.Content.ReadAsByteArrayAsync()); // the bytes are UTF-8
        ris.Split("\r\n").Should().StartWith(["TY  - NEWS", "AU  - 应忠彭", "AU  - 严小章", "TI  - 激发瑞安城市创新活力", "T2  - 浙江日报", "PY  - 2024"])
            .And.Contain([$"UR  - http://localhost/api/v1/sources/zjdaily-ruian-reform?version={await Version()}", $"Y2  - {Today.Replace('-', '/')}", "ER  - "]);
    }

    [Fact]
    public async Task Formatted_lines_follow_GB_T_7714_and_APA_7()
    {
        (await Get("/api/v1/sources/ruian-gov-work-report-2023/citation?format=gbt7714")).Body.Should().Be(
            $"秦肖. 政府工作报告[R/OL]. 瑞安市人民政府关于印发政府工作报告的通知（guangfu.bjx.com.cn转载）, 2023-02[{Today}]. http://localhost/api/v1/sources/ruian-gov-work-report-2023?version={await Version()}. "
            + $"RuianSamples 数据集版本 {await Version()}, 来源 ruian-gov-work-report-2023. 原文: https://guangfu.bjx.com.cn/news/20230423/1302643.shtml.\n");
        var apa = (await Get("/api/v1/figures/f001-018/citation?format=apa")).Body;
        apa.Should().StartWith("周琳子, & 叶志攀. (2022, date inferred). 温州聚焦先行示范 十大实践样本出炉 [Wenzhou focuses on pioneering demonstration: ten practice samples unveiled; title translated by RuianSamples]. ")
            .And.EndWith($"Retrieved {DateTime.UtcNow.ToString("MMMM d, yyyy", System.Globalization.CultureInfo.InvariantCulture)}, from http://localhost/api/v1/figures/f001-018?version={await Version()}\n");

        // The lines a record carries are the same references without the online part (records are cached and exported).
        var source = await _client.GetJson("/api/v1/sources/zjdaily-ruian-reform");
        source.GetProperty("cite").GetProperty("zh").GetString().Should().Be("应忠彭, 严小章. 激发瑞安城市创新活力[N]. 浙江日报, [2024].");
        source.GetProperty("cite").GetProperty("en").GetString().Should().Be(
            "应忠彭, & 严小章. (2024, date inferred). 激发瑞安城市创新活力 [Unleashing Rui'an's innovative vitality as a city; title translated by RuianSamples]. 浙江日报.");
        var figure = await _client.GetJson("/api/v1/figures/f001-018");
        figure.GetProperty("citation").GetProperty("cite").GetProperty("zh").GetString().Should().Be("周琳子, 叶志攀. 温州聚焦先行示范 十大实践样本出炉[Z]. [2022].");
        figure.GetProperty("citationUrl").GetString().Should().Be("/api/v1/figures/f001-018/citation");
    }

    private async Task<string> Version() => (await _client.GetJson("/api/v1")).GetProperty("datasetVersion").GetString()!;

    [Theory]
    [InlineData("application/x-bibtex", "application/x-bibtex", "@misc{")]
    [InlineData("text/x-bibtex", "application/x-bibtex", "@misc{")]
    [InlineData("application/x-research-info-systems", "application/x-research-info-systems", "TY  - GEN")]
    [InlineData("application/json", "application/json", "[")]
    [InlineData("text/html,application/xhtml+xml,*/*;q=0.8", "application/vnd.citationstyles.csl+json", "[")]
    [InlineData("application/x-bibtex;q=0.5, application/x-research-info-systems", "application/x-research-info-systems", "TY  - GEN")]
    public async Task Accept_chooses_the_format_and_the_cache_keeps_them_apart(string accept, string mediaType, string start)
    {
        // The same URL asked in several formats in turn: each answer must be its own (the response cache varies by Accept).
        foreach (var _ in Enumerable.Range(0, 2))
        {
            var (response, body) = await Get("/api/v1/samples/2/citation", accept);
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            response.Content.Headers.ContentType!.MediaType.Should().Be(mediaType);
            response.Headers.Vary.Should().Contain("Accept");
            body.Should().StartWith(start);
        }
    }

    [Fact]
    public async Task Format_parameter_wins_over_Accept_and_mistakes_are_problems()
    {
        (await Get("/api/v1/reforms/prehospital-emergency-reform/citation?format=ris", "application/x-bibtex")).Body.Should().StartWith("TY  - NEWS");

        var (bad, badBody) = await Get("/api/v1/figures/f001-018/citation?format=mla");
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        badBody.Should().Contain("format").And.Contain("csl, bibtex, ris, gbt7714, apa");

        var (unacceptable, body) = await Get("/api/v1/figures/f001-018/citation", "text/html");
        unacceptable.StatusCode.Should().Be(HttpStatusCode.NotAcceptable);
        unacceptable.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        body.Should().Contain("application/x-bibtex");

        foreach (var path in new[] { "/api/v1/figures/nope/citation", "/api/v1/samples/11/citation", "/api/v1/reforms/nope/citation", "/api/v1/sources/nope/citation" })
            (await Get(path)).Response.StatusCode.Should().Be(HttpStatusCode.NotFound, path);

        // A sample is found by slug as by number, and cited by its number.
        var slug = (await _client.GetJson("/api/v1/samples/2")).GetProperty("slug").GetString();
        JsonDocument.Parse((await Get($"/api/v1/samples/{slug}/citation")).Body).RootElement[0].GetProperty("URL").GetString().Should().Be($"http://localhost/api/v1/samples/2?version={await Version()}");
    }

    [Fact]
    public void BibTeX_escapes_its_special_characters_and_keeps_Chinese_as_is()
    {
        CitationBuilder.BibEscape(@"增长50% & {新} #1 $5 a_b ^ ~ \ 《报》").Should()
            .Be(@"增长50\% \& \{新\} \#1 \$5 a\_b \textasciicircum{} \textasciitilde{} \textbackslash{} 《报》");
    }

    [Fact]
    public async Task GraphQL_citationAs_gives_the_same_text_as_REST()
    {
        var data = await _client.DataAsync("""
            { sample(number: 2) { citationAs(format: BIBTEX) figures { key citationAs(format: RIS) }
                                  reforms { slug citationAs(format: CSL_JSON) } sources { sourceId citationAs(format: GBT7714) } } }
            """);
        var sample = data.GetProperty("sample");
        sample.GetProperty("citationAs").GetString().Should().Be((await Get("/api/v1/samples/2/citation?format=bibtex")).Body);
        var figure = sample.GetProperty("figures")[0];
        figure.GetProperty("citationAs").GetString().Should().Be((await Get($"/api/v1/figures/{figure.GetProperty("key").GetString()}/citation?format=ris")).Body);
        var reform = sample.GetProperty("reforms")[0];
        reform.GetProperty("citationAs").GetString().Should().Be((await Get($"/api/v1/reforms/{reform.GetProperty("slug").GetString()}/citation")).Body);
        var source = sample.GetProperty("sources")[0];
        source.GetProperty("citationAs").GetString().Should().Be((await Get($"/api/v1/sources/{source.GetProperty("sourceId").GetString()}/citation?format=gbt7714")).Body);
    }
}

public class CitationCacheTests(CatalogFactory factory) : IClassFixture<CatalogFactory>
{
    /// <summary>Permanent URLs are absolute: a cached answer for one host must never be served to another (REST and GraphQL caches).</summary>
    [Fact]
    public async Task Each_host_gets_its_own_permanent_URLs_from_the_caches()
    {
        var client = factory.CreateClient();
        foreach (var host in new[] { "one.example", "two.example", "one.example" })
        {
            using var rest = new HttpRequestMessage(HttpMethod.Get, "/api/v1/figures/f001-018/citation?format=ris");
            rest.Headers.Host = host;
            (await (await client.SendAsync(rest)).Content.ReadAsStringAsync()).Should().Contain($"UR  - http://{host}/api/v1/figures/f001-018?version=");

            using var graphQL = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString("{ sample(number: 3) { citationAs(format: APA) } }"));
            graphQL.Headers.Host = host;
            graphQL.Headers.Accept.ParseAdd("application/json");
            var body = await (await client.SendAsync(graphQL)).Content.ReadAsStringAsync();
            body.Should().Contain($"from http://{host}/api/v1/samples/3?version=");
        }
    }
}
