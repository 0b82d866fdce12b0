using System.Net;
using System.Text.Json;
using RuianSamples.Api.Tests.Infrastructure;
using RuianSamples.Api.Tests.Partners;

namespace RuianSamples.Api.Tests.Versions;

/// <summary>
/// ?version= reads back what was served at a dataset version: responses are captured before partner
/// writes (over the real HTTP pipeline, into a real SQLite file) and compared byte for byte after them.
/// </summary>
public class PinnedVersionTests(PartnerFactory factory) : IClassFixture<PartnerFactory>
{
    private sealed record Served(string Body, string ETag, string Version);

    private async Task<Served> Get(string url)
    {
        var response = await factory.CreateClient().GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, $"{url} answered {body}");
        return new Served(body, response.Headers.ETag!.Tag, response.Headers.GetValues("X-Dataset-Version").Single());
    }

    private async Task<JsonElement> Problem(string url, HttpStatusCode status)
    {
        var response = await factory.CreateClient().GetAsync(url);
        response.StatusCode.Should().Be(status, url);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private static string With(string url, string version) => url + (url.Contains('?') ? "&" : "?") + "version=" + version;

    /// <summary>Reads <paramref name="url"/> at <paramref name="served"/>'s version and requires the same bytes, ETag and an immutable answer.</summary>
    private async Task ShouldReadBack(string url, Served served)
    {
        var response = await factory.CreateClient().GetAsync(With(url, served.Version));
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, $"{url} at version {served.Version}: {body}");
        body.Should().Be(served.Body, $"{url} at version {served.Version} is what was served then");
        response.Headers.ETag!.Tag.Should().Be(served.ETag);
        response.Headers.GetValues("X-Dataset-Version").Single().Should().Be(served.Version);
    }

    [Fact]
    public async Task Records_read_at_a_version_are_byte_for_byte_what_was_served_then_after_creations_corrections_and_retractions()
    {
        var ruian = factory.ClientWithKey(factory.CreateKey("瑞安市统计局", "ruian", "figures:write,sources:write"));
        const string seeded = "/api/v1/figures/f001-018";   // a figure of sample 2, in 瑞安市
        const string retractedLater = "/api/v1/figures/f001-019";
        string[] before = [seeded, retractedLater, "/api/v1/samples/2", "/api/v1/sources/wenzhou-ten-samples", "/api/v1/reforms/prehospital-emergency-reform"];
        var atStart = new Dictionary<string, Served>();
        foreach (var url in before) atStart[url] = await Get(url);
        var citationAtStart = await Get(seeded + "/citation?format=csl");

        // Partner writes: a source, a figure, its correction, a correction and a retraction of seeded figures.
        var sourceId = "pinned-bulletin-" + Guid.NewGuid().ToString("N")[..8];
        (await ruian.Send(HttpMethod.Post, "/api/v1/sources", PartnerSamples.Source(sourceId))).StatusCode.Should().Be(HttpStatusCode.Created);
        var source = await Get($"/api/v1/sources/{sourceId}");
        var created = await ruian.Send(HttpMethod.Post, "/api/v1/figures", PartnerSamples.Figure(sourceId));
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var mine = created.Headers.Location!.ToString();
        var asCreated = await Get(mine);
        var sourceWithFigure = await Get($"/api/v1/sources/{sourceId}");
        (await ruian.Send(HttpMethod.Patch, mine, PartnerSamples.Correction, "application/merge-patch+json", ifMatch: asCreated.ETag)).StatusCode.Should().Be(HttpStatusCode.OK);
        var asCorrected = await Get(mine);
        var correction = """{ "indicator": { "en": "financial commissioners sent to villages (corrected test label)" }, "period": "2022", "comment": "test correction" }""";
        var patched = await ruian.Send(HttpMethod.Patch, seeded, correction, "application/merge-patch+json", ifMatch: atStart[seeded].ETag);
        patched.StatusCode.Should().Be(HttpStatusCode.OK, await patched.Content.ReadAsStringAsync());
        var retraction = await ruian.Send(HttpMethod.Post, retractedLater + "/retraction", """{ "comment": "test retraction" }""", ifMatch: atStart[retractedLater].ETag);
        retraction.StatusCode.Should().Be(HttpStatusCode.OK, await retraction.Content.ReadAsStringAsync());
        (await ruian.Send(HttpMethod.Post, mine + "/retraction", """{ "comment": "superseded" }""", ifMatch: asCorrected.ETag)).StatusCode.Should().Be(HttpStatusCode.OK);

        // Today's records did change (a test that compared two equal things would prove nothing).
        var now = await Get(seeded);
        now.Body.Should().NotBe(atStart[seeded].Body);
        (await Get("/api/v1/samples/2")).Body.Should().NotBe(atStart["/api/v1/samples/2"].Body, "the sample holds the corrected figure and lacks the retracted one");

        // Every record at every version it was read at: the same bytes and ETag.
        foreach (var url in before) await ShouldReadBack(url, atStart[url]);
        await ShouldReadBack($"/api/v1/sources/{sourceId}", source);
        await ShouldReadBack($"/api/v1/sources/{sourceId}", sourceWithFigure);
        await ShouldReadBack(mine, asCreated);
        await ShouldReadBack(mine, asCorrected);
        await ShouldReadBack(seeded, now);
        await ShouldReadBack(seeded + "/citation?format=csl", citationAtStart);

        // Pinned answers are immutable and link to the current record when it changed since.
        var pinned = await factory.CreateClient().GetAsync(With(seeded, atStart[seeded].Version));
        pinned.Headers.CacheControl!.ToString().Should().Contain("immutable");
        pinned.Headers.GetValues("Link").Should().Contain($"<{seeded}>; rel=\"latest-version\"");
        (await factory.CreateClient().GetAsync(seeded)).Headers.CacheControl!.ToString().Should().NotContain("immutable");
        // So does its pinned citation, to the current citation in the same format; an unchanged record's has no such link.
        (await factory.CreateClient().GetAsync(With(seeded + "/citation?format=csl", atStart[seeded].Version))).Headers.GetValues("Link")
            .Should().Contain($"<{seeded}/citation?format=csl>; rel=\"latest-version\"");
        (await factory.CreateClient().GetAsync(With("/api/v1/figures/f001-001/citation", atStart[seeded].Version))).Headers.Contains("Link").Should().BeFalse();

        // A record created later did not exist at the earlier version: 404 saying when it was created.
        var missing = await Problem(With(mine, atStart[seeded].Version), HttpStatusCode.NotFound);
        missing.GetProperty("detail").GetString().Should().Contain("did not exist at dataset version " + atStart[seeded].Version).And.Contain("created at version " + asCreated.Version);
        await Problem(With($"/api/v1/sources/{sourceId}", atStart[seeded].Version), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Reforms_read_at_a_version_are_what_was_served_then_after_corrections_of_their_own_fields_and_firsts()
    {
        var ruian = factory.ClientWithKey(factory.CreateKey("瑞安市发改局", "ruian", "reforms:write,sources:write"));
        const string seeded = "/api/v1/reforms/financial-commissioners";   // sample 2's reform, with a claimed first and its quote
        const string sample = "/api/v1/samples/2";
        const string seededSource = "/api/v1/sources/wenzhou-ten-samples";
        var atStart = new Dictionary<string, Served>();
        foreach (var url in new[] { seeded, sample, seededSource, seeded + "/citation?format=csl" }) atStart[url] = await Get(url);
        JsonDocument.Parse(atStart[seeded].Body).RootElement.GetProperty("firsts").GetArrayLength().Should().BeGreaterThan(0);

        // A partner adds a source and a reform of sample 2 quoting it, then corrects the reform twice, and corrects the seeded reform.
        var sourceId = "pinned-reform-source-" + Guid.NewGuid().ToString("N")[..8];
        (await ruian.Send(HttpMethod.Post, "/api/v1/sources", PartnerSamples.ReformSource(sourceId))).StatusCode.Should().Be(HttpStatusCode.Created);
        var sourceAlone = await Get($"/api/v1/sources/{sourceId}");
        var slug = "pinned-reform-" + Guid.NewGuid().ToString("N")[..8];
        var created = await ruian.Send(HttpMethod.Post, "/api/v1/reforms", PartnerSamples.Reform(slug, sourceId));
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var mine = $"/api/v1/reforms/{slug}";
        var asCreated = new Dictionary<string, Served>();
        foreach (var url in new[] { mine, sample, $"/api/v1/sources/{sourceId}", mine + "/citation?format=bibtex" }) asCreated[url] = await Get(url);
        JsonDocument.Parse(asCreated[sample].Body).RootElement.GetProperty("reforms").EnumerateArray().Select(r => r.GetProperty("slug").GetString()).Should().Contain(slug);
        JsonDocument.Parse(asCreated[$"/api/v1/sources/{sourceId}"].Body).RootElement.GetProperty("counts").GetProperty("reforms").GetInt32().Should().Be(1);

        var corrected = await ruian.Send(HttpMethod.Patch, mine, PartnerSamples.ReformCorrection, "application/merge-patch+json", ifMatch: asCreated[mine].ETag);
        corrected.StatusCode.Should().Be(HttpStatusCode.OK, await corrected.Content.ReadAsStringAsync());
        var asCorrected = await Get(mine);
        var rewrite = """
            { "name": { "en": "Test one-code reform (renamed)" }, "pilotLevel": null, "firsts": [], "themes": [ { "slug": "economic-development" }, { "slug": "public-services" } ],
              "samples": [], "sourceId": "wenzhou-ten-samples", "description": { "zh": "瑞安市率全国之先,下派300名金融专员至全市514个村社任金融顾问", "en": "Test: moved to another source (our translation)." },
              "startYear": null, "comment": "test: moved to another source" }
            """;
        var moved = await ruian.Send(HttpMethod.Patch, mine, rewrite, "application/merge-patch+json", ifMatch: asCorrected.ETag);
        moved.StatusCode.Should().Be(HttpStatusCode.OK, await moved.Content.ReadAsStringAsync());
        var seededCorrection = """
            { "name": { "en": "Financial commissioners sent to villages (corrected test name)" }, "firsts": [], "themes": [ { "slug": "public-services" } ], "samples": [],
              "themesBasis": "test: corrected basis", "comment": "test correction of a seeded reform" }
            """;
        var seededCorrected = await ruian.Send(HttpMethod.Patch, seeded, seededCorrection, "application/merge-patch+json", ifMatch: atStart[seeded].ETag);
        seededCorrected.StatusCode.Should().Be(HttpStatusCode.OK, await seededCorrected.Content.ReadAsStringAsync());

        // Today's records did change: the sample lists neither reform, the sources count differently.
        var now = new Dictionary<string, Served>();
        foreach (var url in new[] { mine, seeded, sample, seededSource, $"/api/v1/sources/{sourceId}" }) now[url] = await Get(url);
        now[mine].Body.Should().NotBe(asCorrected.Body);
        now[seeded].Body.Should().NotBe(atStart[seeded].Body);
        JsonDocument.Parse(now[sample].Body).RootElement.GetProperty("reforms").EnumerateArray().Select(r => r.GetProperty("slug").GetString())
            .Should().NotContain(slug).And.NotContain("financial-commissioners");
        now[$"/api/v1/sources/{sourceId}"].Body.Should().NotBe(asCreated[$"/api/v1/sources/{sourceId}"].Body);
        now[seededSource].Body.Should().NotBe(atStart[seededSource].Body, "the moved reform counts for the seeded source now");

        // Each, at each version it was read at: the same bytes and ETag.
        foreach (var (url, served) in atStart) await ShouldReadBack(url, served);
        foreach (var (url, served) in asCreated) await ShouldReadBack(url, served);
        await ShouldReadBack($"/api/v1/sources/{sourceId}", sourceAlone);
        await ShouldReadBack(mine, asCorrected);
        foreach (var (url, served) in now) await ShouldReadBack(url, served);
        (await factory.CreateClient().GetAsync(With(seeded, atStart[seeded].Version))).Headers.GetValues("Link").Should().Contain($"<{seeded}>; rel=\"latest-version\"");

        // The reform did not exist before it was created: a 404 saying when it was.
        var missing = await Problem(With(mine, sourceAlone.Version), HttpStatusCode.NotFound);
        missing.GetProperty("detail").GetString().Should().Contain("did not exist at dataset version " + sourceAlone.Version).And.Contain("created at version " + asCreated[mine].Version);
        await Problem(With(mine + "/citation", sourceAlone.Version), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_citation_of_today_names_a_permanent_URL_that_resolves_to_the_text_cited_after_a_correction()
    {
        var ruian = factory.ClientWithKey(factory.CreateKey("瑞安市统计局", "ruian", "figures:write,sources:write"));
        const string figure = "/api/v1/figures/f001-021";
        var cited = await Get(figure);
        var csl = JsonDocument.Parse((await Get(figure + "/citation")).Body).RootElement[0];
        var permalink = csl.GetProperty("URL").GetString()!;
        permalink.Should().Be($"http://localhost{figure}?version={cited.Version}");
        csl.GetProperty("version").GetString().Should().Be(cited.Version);

        var patch = """{ "indicator": { "en": "low-income households lifted (corrected test label)" }, "comment": "test correction" }""";
        (await ruian.Send(HttpMethod.Patch, figure, patch, "application/merge-patch+json", ifMatch: cited.ETag)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Get(figure)).Body.Should().NotBe(cited.Body);
        (await Get(new Uri(permalink).PathAndQuery)).Body.Should().Be(cited.Body, "the cited URL still shows what was cited");
    }

    [Fact]
    public async Task GraphQL_reads_a_figure_at_a_version_as_REST_does()
    {
        var ruian = factory.ClientWithKey(factory.CreateKey("瑞安市统计局", "ruian", "figures:write"));
        const string figure = "/api/v1/figures/f001-022";
        var before = await Get(figure);
        var patch = """{ "indicator": { "en": "special loans (corrected test label)" }, "comment": "test correction" }""";
        (await ruian.Send(HttpMethod.Patch, figure, patch, "application/merge-patch+json", ifMatch: before.ETag)).StatusCode.Should().Be(HttpStatusCode.OK);

        async Task<JsonElement> Query(string query)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString(query));
            request.Headers.Accept.ParseAdd("application/json");
            return JsonDocument.Parse(await (await factory.CreateClient().SendAsync(request)).Content.ReadAsStringAsync()).RootElement;
        }
        var rest = JsonDocument.Parse(before.Body).RootElement;
        var graph = await Query($$"""{ sample(number: 2) { figures { key revision indicator { en } atVersion(version: "{{before.Version}}") { revision value indicator { en } } } } }""");
        var item = graph.GetProperty("data").GetProperty("sample").GetProperty("figures").EnumerateArray().Single(f => f.GetProperty("key").GetString() == "f001-022");
        item.GetProperty("revision").GetInt32().Should().Be(rest.GetProperty("revision").GetInt32() + 1, "today's figure is corrected");
        var then = item.GetProperty("atVersion");
        then.GetProperty("revision").GetInt32().Should().Be(rest.GetProperty("revision").GetInt32());
        then.GetProperty("indicator").GetProperty("en").GetString().Should().Be(rest.GetProperty("indicator").GetProperty("en").GetString());
        then.GetProperty("value").GetDouble().Should().Be(rest.GetProperty("value").GetDouble());

        var refused = await Query("""{ sample(number: 2) { figures { atVersion(version: "abc") { revision } } } }""");
        refused.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString().Should().Be("BAD_USER_INPUT");
    }

    private async Task<JsonElement> GraphQL(string query)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString(query));
        request.Headers.Accept.ParseAdd("application/json");
        var body = await (await factory.CreateClient().SendAsync(request)).Content.ReadAsStringAsync();
        return JsonDocument.Parse(body).RootElement;
    }

    private static string[] Strings(JsonElement array, Func<JsonElement, string?> pick) => array.EnumerateArray().Select(e => pick(e)!).ToArray();

    [Fact]
    public async Task GraphQL_reads_reforms_samples_and_sources_at_a_version_as_REST_does_and_lists_the_versions()
    {
        var ruian = factory.ClientWithKey(factory.CreateKey("瑞安市发改局", "ruian", "reforms:write,sources:write"));
        var sourceId = "graph-reform-source-" + Guid.NewGuid().ToString("N")[..8];
        (await ruian.Send(HttpMethod.Post, "/api/v1/sources", PartnerSamples.ReformSource(sourceId))).StatusCode.Should().Be(HttpStatusCode.Created);
        var beforeReform = (await Get($"/api/v1/sources/{sourceId}")).Version;
        var slug = "graph-reform-" + Guid.NewGuid().ToString("N")[..8];
        (await ruian.Send(HttpMethod.Post, "/api/v1/reforms", PartnerSamples.Reform(slug, sourceId))).StatusCode.Should().Be(HttpStatusCode.Created);
        var asCreated = await Get($"/api/v1/reforms/{slug}");
        var patch = """{ "name": { "en": "Test one-code reform (renamed for GraphQL)" }, "firsts": [], "samples": [], "comment": "test: GraphQL atVersion" }""";
        (await ruian.Send(HttpMethod.Patch, $"/api/v1/reforms/{slug}", patch, "application/merge-patch+json", ifMatch: asCreated.ETag)).StatusCode.Should().Be(HttpStatusCode.OK);
        var v = asCreated.Version;

        // A reform at the version it was created: its own fields and lists as REST's ?version= has them.
        var rest = JsonDocument.Parse((await Get($"/api/v1/reforms/{slug}?version={v}")).Body).RootElement;
        var graph = await GraphQL($$"""
            { reform(slug: "{{slug}}") { revision name { en } atVersion(version: "{{v}}") {
                slug revision name { zh en } description { zh en } sourceId themesInferred themesBasis
                startYear { year quote } pilotLevel { level quote } firsts { claim scope quote sourceId }
                themes { slug } samples { number } sources { sourceId } figures { key } history { revision }
                region { slug } citationAs(format: CSL_JSON) } } }
            """);
        graph.TryGetProperty("errors", out _).Should().BeFalse(graph.ToString());
        var reform = graph.GetProperty("data").GetProperty("reform");
        reform.GetProperty("name").GetProperty("en").GetString().Should().Contain("renamed", "today's reform is corrected");
        var then = reform.GetProperty("atVersion");
        then.GetProperty("revision").GetInt32().Should().Be(rest.GetProperty("revision").GetInt32()).And.Be(reform.GetProperty("revision").GetInt32() - 1);
        then.GetProperty("name").GetProperty("en").GetString().Should().Be(rest.GetProperty("name").GetProperty("en").GetString());
        then.GetProperty("description").GetProperty("zh").GetString().Should().Be(rest.GetProperty("description").GetProperty("zh").GetString());
        then.GetProperty("startYear").GetProperty("quote").GetString().Should().Be(rest.GetProperty("startYear").GetProperty("quote").GetString());
        then.GetProperty("pilotLevel").GetProperty("level").GetString().Should().Be(rest.GetProperty("pilotLevel").GetProperty("level").GetString());
        then.GetProperty("region").GetProperty("slug").GetString().Should().Be(rest.GetProperty("region").GetProperty("slug").GetString());
        Strings(then.GetProperty("firsts"), f => f.GetProperty("quote").GetString()).Should().Equal(Strings(rest.GetProperty("firsts"), f => f.GetProperty("quote").GetString())).And.NotBeEmpty();
        Strings(then.GetProperty("themes"), t => t.GetProperty("slug").GetString()).Should().Equal(Strings(rest.GetProperty("themes"), t => t.GetProperty("slug").GetString()));
        Strings(then.GetProperty("samples"), x => x.GetProperty("number").ToString()).Should().Equal(Strings(rest.GetProperty("samples"), x => x.GetProperty("number").ToString())).And.Equal("2");
        Strings(then.GetProperty("sources"), x => x.GetProperty("sourceId").GetString()).Should().Equal(Strings(rest.GetProperty("sources"), x => x.GetProperty("id").GetString()));
        Strings(then.GetProperty("figures"), x => x.GetProperty("key").GetString()).Should().Equal(Strings(rest.GetProperty("figures"), x => x.GetProperty("id").GetString()));
        then.GetProperty("history").GetArrayLength().Should().Be(1, "the revisions up to the version: its creation");
        JsonDocument.Parse(then.GetProperty("citationAs").GetString()!).RootElement[0].GetProperty("URL").GetString().Should().EndWith($"/api/v1/reforms/{slug}?version={v}");

        // The sample at the version: the reform listed then, as REST lists it; before the reform, neither lists it.
        foreach (var version in new[] { beforeReform, v })
        {
            var restSample = JsonDocument.Parse((await Get($"/api/v1/samples/2?version={version}")).Body).RootElement;
            var sample = (await GraphQL($$"""{ sample(number: 2) { atVersion(version: "{{version}}") { number reforms { slug name { en } } figures { key } sources { sourceId } } } }"""))
                .GetProperty("data").GetProperty("sample").GetProperty("atVersion");
            Strings(sample.GetProperty("reforms"), r => r.GetProperty("slug").GetString() + "|" + r.GetProperty("name").GetProperty("en").GetString())
                .Should().Equal(Strings(restSample.GetProperty("reforms"), r => r.GetProperty("slug").GetString() + "|" + r.GetProperty("name").GetProperty("en").GetString()));
            Strings(sample.GetProperty("figures"), f => f.GetProperty("key").GetString()).Should().Equal(Strings(restSample.GetProperty("figures"), f => f.GetProperty("id").GetString()));
            Strings(sample.GetProperty("sources"), x => x.GetProperty("sourceId").GetString()).Should().Equal(Strings(restSample.GetProperty("sources"), x => x.GetProperty("id").GetString()));
            Strings(sample.GetProperty("reforms"), r => r.GetProperty("slug").GetString()).Contains(slug).Should().Be(version == v);
        }

        // A record created after the version is null, as REST's 404; the source as it was.
        var before = (await GraphQL($$"""{ reform(slug: "{{slug}}") { atVersion(version: "{{beforeReform}}") { slug } } }""")).GetProperty("data").GetProperty("reform");
        before.GetProperty("atVersion").ValueKind.Should().Be(JsonValueKind.Null);
        await Problem($"/api/v1/reforms/{slug}?version={beforeReform}", HttpStatusCode.NotFound);
        var sources = (await GraphQL($$"""{ s: sources { sourceId atVersion(version: "{{beforeReform}}") { sourceId } early: atVersion(version: "1") { sourceId } } }""")).GetProperty("data").GetProperty("s");
        var mine = sources.EnumerateArray().Single(x => x.GetProperty("sourceId").GetString() == sourceId);
        mine.GetProperty("atVersion").GetProperty("sourceId").GetString().Should().Be(sourceId);
        mine.GetProperty("early").ValueKind.Should().Be(JsonValueKind.Null, "the source was added after version 1");

        // Bad versions: BAD_USER_INPUT on every type, as REST's 400/404.
        foreach (var query in new[] { $$"""{ reform(slug: "{{slug}}") { atVersion(version: "abc") { slug } } }""", """{ sample(number: 2) { atVersion(version: "0") { number } } }""",
                     """{ sources { atVersion(version: "99999999") { sourceId } } }""" })
            (await GraphQL(query)).GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString().Should().Be("BAD_USER_INPUT", query);

        // versions: REST's list, as a connection.
        var restVersions = await factory.CreateClient().GetJson("/api/v1/versions?limit=3");
        var page = (await GraphQL("""{ versions(first: 3) { totalCount pageInfo { hasNextPage endCursor } items { version made at changes readable revisions { recordType recordKey revision action agency fields url } } } }"""))
            .GetProperty("data").GetProperty("versions");
        page.GetProperty("totalCount").GetInt32().Should().Be(restVersions.GetProperty("totalCount").GetInt32());
        var nodes = page.GetProperty("items").EnumerateArray().ToList();
        nodes.Select(n => n.GetProperty("version").GetString()).Should().Equal(restVersions.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("version").GetString()));
        foreach (var (node, item) in nodes.Zip(restVersions.GetProperty("items").EnumerateArray()))
        {
            node.GetProperty("made").GetString().Should().Be(item.GetProperty("made").GetString());
            node.GetProperty("changes").GetInt32().Should().Be(item.GetProperty("changes").GetInt32());
            Strings(node.GetProperty("revisions"), r => r.GetProperty("url").GetString()).Should().Equal(Strings(item.GetProperty("revisions"), r => r.GetProperty("url").GetString()));
        }
        page.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean().Should().BeTrue();
        var next = (await GraphQL($$"""{ versions(first: 1, after: "{{page.GetProperty("pageInfo").GetProperty("endCursor").GetString()}}") { items { version } } }"""))
            .GetProperty("data").GetProperty("versions").GetProperty("items")[0].GetProperty("version").GetString();
        next.Should().Be((int.Parse(nodes[^1].GetProperty("version").GetString()!) - 1).ToString());
        (await GraphQL("""{ versions(after: "nonsense") { totalCount } }""")).GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString().Should().Be("BAD_USER_INPUT");
    }

    [Theory]
    [InlineData("abc", 400, "/problems/invalid-parameter")]
    [InlineData("0", 400, "/problems/invalid-parameter")]
    [InlineData("-1", 400, "/problems/invalid-parameter")]
    [InlineData("1.5", 400, "/problems/invalid-parameter")]
    [InlineData("99999999", 404, "/problems/version-not-found")]
    public async Task A_malformed_or_future_version_is_a_clear_problem(string version, int status, string type)
    {
        foreach (var url in new[] { "/api/v1/figures/f001-018", "/api/v1/samples/2", "/api/v1/reforms/prehospital-emergency-reform", "/api/v1/sources/wenzhou-ten-samples", "/api/v1/figures/f001-018/citation" })
        {
            var problem = await Problem(With(url, version), (HttpStatusCode)status);
            problem.GetProperty("type").GetString().Should().Be(type, url);
            problem.GetProperty("errors").TryGetProperty("version", out _).Should().BeTrue(url);
        }
    }

    [Fact]
    public async Task The_version_list_is_newest_first_paged_and_says_what_made_each_version()
    {
        var ruian = factory.ClientWithKey(factory.CreateKey("瑞安市统计局", "ruian", "figures:write,sources:write"));
        var sourceId = "versions-bulletin-" + Guid.NewGuid().ToString("N")[..8];
        (await ruian.Send(HttpMethod.Post, "/api/v1/sources", PartnerSamples.Source(sourceId))).StatusCode.Should().Be(HttpStatusCode.Created);
        var current = (await Get("/api/v1/sources/" + sourceId)).Version;

        var first = await factory.CreateClient().GetJson("/api/v1/versions?limit=1");
        var newest = first.GetProperty("items")[0];
        newest.GetProperty("version").GetString().Should().Be(current);
        first.GetProperty("totalCount").GetInt32().Should().Be(int.Parse(current));
        newest.GetProperty("made").GetString().Should().Be("partner-write");
        newest.GetProperty("readable").GetBoolean().Should().BeTrue();
        var change = newest.GetProperty("revisions")[0];
        change.GetProperty("recordKey").GetString().Should().Be(sourceId);
        change.GetProperty("action").GetString().Should().Be("create");
        change.GetProperty("agency").GetProperty("name").GetString().Should().Be("瑞安市统计局");
        change.GetProperty("url").GetString().Should().Be($"/api/v1/sources/{sourceId}?version={current}");

        var all = await factory.CreateClient().AllPages("/api/v1/versions?limit=2");
        all.Select(v => int.Parse(v.GetProperty("version").GetString()!)).Should().BeInDescendingOrder().And.HaveCount(int.Parse(current));
        var import = all[^1];
        import.GetProperty("version").GetString().Should().Be("1");
        import.GetProperty("made").GetString().Should().Be("import");
        import.GetProperty("revisions").GetArrayLength().Should().Be(0);
        import.GetProperty("at").GetString().Should().NotBeNullOrEmpty("the import that stands recorded its time");
        await Problem("/api/v1/versions?cursor=nonsense", HttpStatusCode.BadRequest);
    }
}

/// <summary>A re-import replaces every record: versions before it cannot be rebuilt, and say so.</summary>
public class ReimportedVersionTests
{
    [Fact]
    public async Task Versions_before_a_reimport_are_refused_with_a_problem_that_says_why_and_the_list_marks_them_unreadable()
    {
        using var factory = new PartnerFactory();
        var client = factory.CreateClient();
        var ruian = factory.ClientWithKey(factory.CreateKey("瑞安市统计局", "ruian", "figures:write"));
        var seeded = await client.GetAsync("/api/v1/figures/f001-018");
        var patch = """{ "indicator": { "en": "corrected before the re-import (test)" }, "comment": "test correction" }""";
        (await ruian.Send(HttpMethod.Patch, "/api/v1/figures/f001-018", patch, "application/merge-patch+json", ifMatch: seeded.Headers.ETag!.Tag)).StatusCode.Should().Be(HttpStatusCode.OK);

        var reimported = factory.Reimport(TempPaths.ShippedSeeds);
        await Task.Delay(1100); // running servers notice another process's change within a second

        var now = await client.GetStringAsync("/api/v1/figures/f001-018");
        (await client.GetStringAsync("/api/v1/figures/f001-018?version=" + reimported)).Should().Be(now);
        foreach (var before in new[] { "1", "2" })
        {
            var refused = await client.GetAsync("/api/v1/figures/f001-018?version=" + before);
            refused.StatusCode.Should().Be(HttpStatusCode.NotFound);
            var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
            problem.GetProperty("type").GetString().Should().Be("/problems/version-not-found");
            problem.GetProperty("detail").GetString().Should().Contain("re-import").And.Contain("version " + reimported);
        }

        var versions = (await client.GetJson("/api/v1/versions")).GetProperty("items").EnumerateArray()
            .Select(v => (v.GetProperty("version").GetString(), v.GetProperty("made").GetString(), v.GetProperty("readable").GetBoolean())).ToList();
        versions.Should().Equal((reimported, "reimport", true), ("2", "partner-write", false), ("1", "import", false));
    }
}
