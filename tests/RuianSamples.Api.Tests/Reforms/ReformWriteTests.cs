using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using RuianSamples.Api.Tests.Infrastructure;
using RuianSamples.Api.Tests.Partners;

namespace RuianSamples.Api.Tests.Reforms;

/// <summary>Partner writes of reforms over the real HTTP pipeline and a real SQLite file.</summary>
public class ReformWriteTests(PartnerFactory factory) : IClassFixture<PartnerFactory>
{
    private HttpClient Ruian(string scopes = "reforms:write,sources:write") => factory.ClientWithKey(factory.CreateKey("瑞安市发展和改革局", "ruian", scopes));

    private static string NewSlug() => "test-one-code-" + Guid.NewGuid().ToString("N")[..8];

    private async Task<string> NewSource(HttpClient client)
    {
        var id = "test-reform-notice-" + Guid.NewGuid().ToString("N")[..8];
        var response = await client.Send(HttpMethod.Post, "/api/v1/sources", PartnerSamples.ReformSource(id));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return id;
    }

    [Fact]
    public async Task A_commission_adds_a_reform_with_a_first_corrects_it_after_a_412_and_the_feed_export_and_search_show_it()
    {
        var ruian = Ruian();
        var after = (await factory.CreateClient().GetJson("/api/v1/changes?limit=100")).GetProperty("lastPosition").GetInt64();
        var source = await NewSource(ruian);
        var slug = NewSlug();

        var created = await ruian.Send(HttpMethod.Post, "/api/v1/reforms", PartnerSamples.Reform(slug, source));
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var location = created.Headers.Location!.ToString();
        location.Should().Be($"/api/v1/reforms/{slug}");
        var etag1 = created.Headers.ETag!.Tag;
        var reform = await created.Body();
        reform.GetProperty("revision").GetInt64().Should().Be(1);
        reform.GetProperty("firsts")[0].GetProperty("quote").GetString().Should().Be("该做法在全国首创");
        reform.GetProperty("themes")[0].GetProperty("name").GetProperty("zh").GetString().Should().NotBeNullOrEmpty("the theme's names are the server's");
        reform.GetProperty("samples")[0].GetProperty("number").GetInt32().Should().Be(2);
        var get = await factory.CreateClient().GetAsync(location);
        get.Headers.ETag!.Tag.Should().Be(etag1, "the write answers with the ETag a GET gives");
        (await get.Content.ReadAsStringAsync()).Should().Be(await created.Content.ReadAsStringAsync(), "the write answers with the representation a GET gives");

        // Without If-Match: 428. A stale ETag: 412 with the current one.
        (await ruian.Send(HttpMethod.Patch, location, PartnerSamples.ReformCorrection, "application/merge-patch+json")).StatusCode.Should().Be((HttpStatusCode)428);
        var stale = await ruian.Send(HttpMethod.Patch, location, PartnerSamples.ReformCorrection, "application/merge-patch+json", ifMatch: "\"0123456789abcdef01234567\"");
        stale.StatusCode.Should().Be(HttpStatusCode.PreconditionFailed);
        stale.Headers.ETag!.Tag.Should().Be(etag1);

        var corrected = await ruian.Send(HttpMethod.Patch, location, PartnerSamples.ReformCorrection, "application/merge-patch+json", ifMatch: stale.Headers.ETag!.Tag);
        corrected.StatusCode.Should().Be(HttpStatusCode.OK, await corrected.Content.ReadAsStringAsync());
        corrected.Headers.ETag!.Tag.Should().NotBe(etag1);
        var now = await factory.CreateClient().GetJson(location);
        now.GetProperty("revision").GetInt64().Should().Be(2);
        now.GetProperty("startYear").GetProperty("year").GetInt32().Should().Be(2023);
        now.GetProperty("startYear").GetProperty("quote").GetString().Should().Be("更正：该改革于2023年启动");
        now.GetProperty("firsts").GetArrayLength().Should().Be(1, "a merge patch leaves the members it does not name");

        // History and the change feed: both revisions, attributed, in commit order.
        var history = await factory.CreateClient().GetJson(location + "/history");
        history.EnumerateArray().Select(r => r.GetProperty("action").GetString()).Should().Equal("create", "correct");
        history[1].GetProperty("agency").GetProperty("name").GetString().Should().Be("瑞安市发展和改革局");
        history[1].GetProperty("comment").GetString().Should().Be("The commission's correction notice");
        history[1].GetProperty("changes").GetProperty("startYear.year").GetProperty("before").GetInt32().Should().Be(2024);
        history[1].GetProperty("changes").GetProperty("startYear.year").GetProperty("after").GetInt32().Should().Be(2023);
        var feed = await factory.CreateClient().GetJson($"/api/v1/changes?after={after}&limit=100");
        feed.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("recordKey").GetString() is { } k && (k == source || k == slug))
            .Select(i => (i.GetProperty("recordType").GetString(), i.GetProperty("action").GetString()))
            .Should().Equal(("source", "create"), ("reform", "create"), ("reform", "correct"));
        (await factory.CreateClient().GetAsync("/api/v1/reforms/no-such-reform/history")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        // A Pingyang key cannot touch it.
        var pingyang = factory.ClientWithKey(factory.CreateKey("平阳县发展和改革局", "pingyang", "reforms:write"));
        var refused = await pingyang.Send(HttpMethod.Patch, location, """{ "themesBasis": "x", "comment": "x" }""", "application/merge-patch+json", ifMatch: corrected.Headers.ETag!.Tag);
        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await refused.Content.ReadAsStringAsync()).Should().Contain("ruian");

        // Exports, lists (the sample's reforms) and search reflect it at once.
        (await factory.CreateClient().GetStringAsync("/api/v1/export/reforms.ndjson")).Split('\n').Single(l => l.Contains(location, StringComparison.Ordinal))
            .Should().Contain("更正：该改革于2023年启动");
        (await factory.CreateClient().GetJson("/api/v1/reforms?sample=2&limit=100")).ToString().Should().Contain(slug);
        (await factory.CreateClient().GetJson("/api/v1/search?q=一码通")).ToString().Should().Contain(location);
    }

    [Fact]
    public async Task A_get_representation_is_a_valid_body_and_server_computed_members_are_ignored()
    {
        var ruian = Ruian();
        var existing = JsonNode.Parse(await factory.CreateClient().GetStringAsync("/api/v1/reforms/quality-loan"))!.AsObject();
        existing["firsts"]!.AsArray().Count.Should().BeGreaterThan(0, "the example carries a claimed first with its quote");
        var slug = NewSlug();
        existing["slug"] = slug;
        var created = await ruian.Send(HttpMethod.Post, "/api/v1/reforms", existing.ToJsonString());
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var body = await created.Body();
        body.GetProperty("slug").GetString().Should().Be(slug);
        body.GetProperty("figures").GetArrayLength().Should().Be(0, "figures are the figures' own records, not written through the reform");
        foreach (var member in new[] { "name", "region", "startYear", "pilotLevel", "firsts", "themes", "themesInferred", "themesBasis", "description", "samples", "sourceId" })
            JsonNode.DeepEquals(JsonNode.Parse(body.GetProperty(member).GetRawText()), existing[member]).Should().BeTrue(member);
    }

    [Theory]
    [InlineData("description", "description.zh", "verbatim-in-source")]
    [InlineData("first", "firsts[0].quote", "verbatim-in-source")]
    [InlineData("region", "region.slug", "region-exists")]
    [InlineData("theme", "themes", "theme-exists")]
    [InlineData("slug", "slug", "slug")]
    [InlineData("member", "colour", "unknown-member")]
    [InlineData("item-member", "firsts[0].colour", "unknown-member")]
    [InlineData("source", "sourceId", "source-exists")]
    public async Task Provenance_is_enforced_as_on_seeds_and_a_refusal_changes_nothing(string broken, string field, string rule)
    {
        var ruian = Ruian();
        var source = await NewSource(ruian);
        var slug = NewSlug();
        var body = broken switch
        {
            "description" => PartnerSamples.Reform(slug, source, description: "瑞安市推行测试一码通改革，企业办事只需扫两次码。"),
            "first" => PartnerSamples.Reform(slug, source, firstQuote: "该做法在全省首创"),
            "region" => PartnerSamples.Reform(slug, source, region: "atlantis"),
            "theme" => PartnerSamples.Reform(slug, source, theme: "atlantis"),
            "slug" => PartnerSamples.Reform("Not A Slug", source),
            "item-member" => PartnerSamples.Reform(slug, source).Replace("\"scope\": \"national\"", "\"scope\": \"national\", \"colour\": \"red\""),
            "source" => PartnerSamples.Reform(slug, "no-such-source"),
            _ => PartnerSamples.Reform(slug, source, extra: ", \"colour\": \"red\""),
        };
        var before = factory.Fingerprint();
        var response = await ruian.Send(HttpMethod.Post, "/api/v1/reforms", body);
        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, await response.Content.ReadAsStringAsync());
        var problem = await response.Body();
        problem.GetProperty("type").GetString().Should().Be("/problems/invalid-record");
        problem.GetProperty("errors").GetProperty(field).EnumerateArray().Should().Contain(e => e.GetString()!.StartsWith(rule + ":"));
        factory.Fingerprint().Should().Be(before);
        (await factory.CreateClient().GetAsync($"/api/v1/reforms/{slug}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Keys_scopes_regions_and_taken_slugs_are_refused_and_change_nothing()
    {
        var source = await NewSource(Ruian());
        var body = PartnerSamples.Reform(NewSlug(), source);
        var before = factory.Fingerprint();

        var anonymous = await factory.CreateClient().Send(HttpMethod.Post, "/api/v1/reforms", body);
        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        anonymous.Headers.WwwAuthenticate.ToString().Should().StartWith("Bearer");

        var figuresOnly = await Ruian("figures:write").Send(HttpMethod.Post, "/api/v1/reforms", body);
        figuresOnly.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await figuresOnly.Content.ReadAsStringAsync()).Should().Contain("reforms:write");

        var pingyang = await factory.ClientWithKey(factory.CreateKey("平阳县发展和改革局", "pingyang", "reforms:write")).Send(HttpMethod.Post, "/api/v1/reforms", body);
        pingyang.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await pingyang.Body()).GetProperty("errors").GetProperty("region.slug").ToString().Should().Contain("ruian");

        var taken = await Ruian().Send(HttpMethod.Post, "/api/v1/reforms", PartnerSamples.Reform("quality-loan", source));
        taken.StatusCode.Should().Be(HttpStatusCode.Conflict);
        factory.Fingerprint().Should().Be(before, "refusals change nothing");

        var audit = await factory.ClientWithKey(factory.CreateKey("审计", "wenzhou", "audit:read")).GetJson("/api/v1/audit?limit=100&after=0");
        var refusals = audit.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("route").GetString() == "/api/v1/reforms" && i.GetProperty("outcome").GetString() == "refused").ToList();
        refusals.Select(i => i.GetProperty("status").GetInt32()).Should().Contain([401, 403, 409]);
    }

    [Fact]
    public async Task A_correction_needs_a_comment_keeps_the_slug_and_must_change_something()
    {
        var ruian = Ruian();
        var source = await NewSource(ruian);
        var created = await ruian.Send(HttpMethod.Post, "/api/v1/reforms", PartnerSamples.Reform(NewSlug(), source));
        var location = created.Headers.Location!.ToString();
        var etag = created.Headers.ETag!.Tag;
        var before = factory.Fingerprint();

        async Task<JsonElement> Refused(string patch)
        {
            var response = await ruian.Send(HttpMethod.Patch, location, patch, "application/merge-patch+json", ifMatch: etag);
            response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, patch);
            return (await response.Body()).GetProperty("errors");
        }
        (await Refused("""{ "themesBasis": "x" }""")).GetProperty("comment").ToString().Should().Contain("required");
        (await Refused("""{ "slug": "another-slug", "comment": "rename" }""")).GetProperty("slug").ToString().Should().Contain("immutable");
        (await Refused("""{ "themesBasis": "test: a service reform", "comment": "same" }""")).GetProperty("body").ToString().Should().Contain("no-change");
        // What is inferred says how, as in the seeds: a basis cannot be dropped, nor a year marked inferred without one.
        (await Refused("""{ "themesBasis": null, "comment": "drop the basis" }""")).GetProperty("themesBasis").ToString().Should().Contain("needs a themes_basis");
        (await Refused("""{ "startYear": { "inferred": true }, "comment": "the year is implied" }""")).GetProperty("startYear.basis").ToString()
            .Should().Contain("needs a start_year_basis");
        (await Refused("""{ "firsts": [ { "claim": "全国首创", "quote": "该做法在全国首创", "url": "/x", "comment": "no" } ], "comment": "x" }"""))
            .GetProperty("firsts[0].url").ToString().Should().Contain("unknown-member");
        factory.Fingerprint().Should().Be(before);

        // Removing the pilot level (null removes a member, RFC 7396) and replacing the firsts (an array is replaced whole).
        var removed = await ruian.Send(HttpMethod.Patch, location, """{ "pilotLevel": null, "firsts": [], "comment": "not a pilot after all" }""", "application/merge-patch+json", ifMatch: etag);
        removed.StatusCode.Should().Be(HttpStatusCode.OK, await removed.Content.ReadAsStringAsync());
        var now = await removed.Body();
        now.GetProperty("pilotLevel").ValueKind.Should().Be(JsonValueKind.Null);
        now.GetProperty("firsts").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task An_idempotency_key_replays_the_first_answer_and_refuses_another_body()
    {
        var ruian = Ruian();
        var source = await NewSource(ruian);
        var body = PartnerSamples.Reform(NewSlug(), source);
        var key = Guid.NewGuid().ToString();
        var first = await ruian.Send(HttpMethod.Post, "/api/v1/reforms", body, idempotencyKey: key);
        first.StatusCode.Should().Be(HttpStatusCode.Created);
        var before = factory.Fingerprint();
        var retry = await ruian.Send(HttpMethod.Post, "/api/v1/reforms", body, idempotencyKey: key);
        retry.StatusCode.Should().Be(HttpStatusCode.Created, "a replay, not a 409 for the slug the first request took");
        retry.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        (await retry.Content.ReadAsStringAsync()).Should().Be(await first.Content.ReadAsStringAsync());
        factory.Fingerprint().Should().Be(before, "a replay writes nothing");
        (await ruian.Send(HttpMethod.Post, "/api/v1/reforms", PartnerSamples.Reform(NewSlug(), source), idempotencyKey: key))
            .StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Two_writers_with_the_same_etag_one_wins_the_other_gets_412()
    {
        var ruian = Ruian();
        var source = await NewSource(ruian);
        var writers = Enumerable.Range(0, 2).Select(i => factory.ClientWithKey(factory.CreateKey($"writer {i}", "ruian", "reforms:write"))).ToArray();
        for (var round = 0; round < 5; round++)
        {
            var created = await ruian.Send(HttpMethod.Post, "/api/v1/reforms", PartnerSamples.Reform(NewSlug(), source));
            var location = created.Headers.Location!.ToString();
            using var start = new Barrier(2);
            var results = await Task.WhenAll(writers.Select((writer, i) => Task.Run(async () =>
            {
                start.SignalAndWait();
                var patch = i == 0 ? PartnerSamples.ReformCorrection : """{ "themesBasis": "second writer", "comment": "second writer" }""";
                return await writer.Send(HttpMethod.Patch, location, patch, "application/merge-patch+json", ifMatch: created.Headers.ETag!.Tag);
            })));
            results.Select(r => r.StatusCode).Should().BeEquivalentTo([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed]);
            (await factory.CreateClient().GetJson(location + "/history")).GetArrayLength().Should().Be(2, "no lost update: one correction only");
        }
    }
}

/// <summary>A reform's correction re-indexes it and the records that carry its themes, exactly as a rebuild would.</summary>
public class ReformWriteIndexTests(PartnerFactory factory) : IClassFixture<PartnerFactory>
{
    [Fact]
    public async Task A_theme_change_updates_the_reform_and_its_figures_search_rows_as_a_rebuild_would()
    {
        var ruian = factory.ClientWithKey(factory.CreateKey("瑞安市发展和改革局", "ruian", "reforms:write,figures:write,sources:write"));
        (await ruian.Send(HttpMethod.Post, "/api/v1/sources", PartnerSamples.ReformSource("reform-index-check"))).StatusCode.Should().Be(HttpStatusCode.Created);
        var reform = await ruian.Send(HttpMethod.Post, "/api/v1/reforms", PartnerSamples.Reform("test-index-reform", "reform-index-check"));
        reform.StatusCode.Should().Be(HttpStatusCode.Created, await reform.Content.ReadAsStringAsync());
        var figure = await ruian.Send(HttpMethod.Post, "/api/v1/figures", PartnerSamples.Figure("reform-index-check", quote: "该改革于2024年启动", valueText: "2024")
            .Replace("\"type\": \"region\", \"key\": \"ruian\"", "\"type\": \"reform\", \"key\": \"test-index-reform\""));
        figure.StatusCode.Should().Be(HttpStatusCode.Created, await figure.Content.ReadAsStringAsync());
        var etag = (await factory.CreateClient().GetAsync("/api/v1/reforms/test-index-reform")).Headers.ETag!.Tag;
        var corrected = await ruian.Send(HttpMethod.Patch, "/api/v1/reforms/test-index-reform", """{ "themes": [ { "slug": "economic-development" } ], "comment": "re-themed" }""",
            "application/merge-patch+json", ifMatch: etag);
        corrected.StatusCode.Should().Be(HttpStatusCode.OK, await corrected.Content.ReadAsStringAsync());
        (await factory.CreateClient().GetJson("/api/v1/search?q=一码通&theme=economic-development")).ToString().Should().Contain("/api/v1/reforms/test-index-reform");

        var (updated, rebuilt) = factory.SearchIndexAndRebuild();
        updated.Should().Contain("theme:economic-development");
        rebuilt.Should().Be(updated);
    }
}
