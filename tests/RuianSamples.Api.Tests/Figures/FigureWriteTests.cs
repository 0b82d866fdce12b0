using System.Net;
using System.Text.Json;
using RuianSamples.Api.Tests.Infrastructure;
using RuianSamples.Api.Tests.Partners;

namespace RuianSamples.Api.Tests.Figures;

/// <summary>Partner writes of figures over the real HTTP pipeline and a real SQLite file.</summary>
public class FigureWriteTests(PartnerFactory factory) : IClassFixture<PartnerFactory>
{
    private HttpClient Ruian(string scopes = "figures:write,sources:write") => factory.ClientWithKey(factory.CreateKey("瑞安市统计局", "ruian", scopes));

    private async Task<string> NewSource(HttpClient client)
    {
        var id = "test-bulletin-" + Guid.NewGuid().ToString("N")[..8];
        var response = await client.Send(HttpMethod.Post, "/api/v1/sources", PartnerSamples.Source(id));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return id;
    }

    [Fact]
    public async Task A_bureau_adds_a_figure_from_a_new_source_corrects_it_after_a_412_and_the_feed_and_export_show_it()
    {
        var ruian = Ruian();
        var after = (await factory.CreateClient().GetJson("/api/v1/changes?limit=100")).GetProperty("lastPosition").GetInt64();
        var source = await NewSource(ruian);
        (await factory.CreateClient().GetJson($"/api/v1/sources/{source}/text")).GetProperty("text").GetString()
            .Should().Contain("2024年，瑞安市全年实现地区生产总值1500亿元", "the text is normalised as the seeds are");

        var created = await ruian.Send(HttpMethod.Post, "/api/v1/figures", PartnerSamples.Figure(source));
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var location = created.Headers.Location!.ToString();
        var etag1 = created.Headers.ETag!.Tag;
        var figure = await created.Body();
        figure.GetProperty("revision").GetInt64().Should().Be(1);
        figure.GetProperty("baseValue").GetDouble().Should().Be(150_000_000_000);
        var get = await factory.CreateClient().GetAsync(location);
        get.Headers.ETag!.Tag.Should().Be(etag1, "the write answers with the ETag a GET gives");

        // Without If-Match: 428. A stale ETag: 412 with the current one.
        (await ruian.Send(HttpMethod.Patch, location, PartnerSamples.Correction, "application/merge-patch+json")).StatusCode.Should().Be((HttpStatusCode)428);
        var stale = await ruian.Send(HttpMethod.Patch, location, PartnerSamples.Correction, "application/merge-patch+json", ifMatch: "\"0123456789abcdef01234567\"");
        stale.StatusCode.Should().Be(HttpStatusCode.PreconditionFailed);
        stale.Headers.ETag!.Tag.Should().Be(etag1);
        (await stale.Body()).GetProperty("type").GetString().Should().Be("/problems/precondition-failed");

        var corrected = await ruian.Send(HttpMethod.Patch, location, PartnerSamples.Correction, "application/merge-patch+json", ifMatch: stale.Headers.ETag!.Tag);
        corrected.StatusCode.Should().Be(HttpStatusCode.OK, await corrected.Content.ReadAsStringAsync());
        var etag2 = corrected.Headers.ETag!.Tag;
        etag2.Should().NotBe(etag1);
        var now = await factory.CreateClient().GetJson(location);
        now.GetProperty("value").GetDouble().Should().Be(1512);
        now.GetProperty("revision").GetInt64().Should().Be(2);
        now.GetProperty("citation").GetProperty("quote").GetString().Should().Be("更正：2024年全年地区生产总值应为1512亿元");

        // History and the change feed: both revisions, attributed, in commit order.
        var history = await factory.CreateClient().GetJson(location + "/history");
        history.EnumerateArray().Select(r => r.GetProperty("action").GetString()).Should().Equal("create", "correct");
        var correction = history[1];
        correction.GetProperty("agency").GetProperty("name").GetString().Should().Be("瑞安市统计局");
        correction.GetProperty("comment").GetString().Should().Be("The bureau's correction notice");
        correction.GetProperty("changes").GetProperty("value").GetProperty("before").GetDouble().Should().Be(1500);
        correction.GetProperty("changes").GetProperty("value").GetProperty("after").GetDouble().Should().Be(1512);
        var feed = await factory.CreateClient().GetJson($"/api/v1/changes?after={after}&limit=100");
        var mine = feed.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("recordKey").GetString() is { } k && (k == source || location.EndsWith("/" + k))).ToList();
        mine.Select(i => (i.GetProperty("recordType").GetString(), i.GetProperty("action").GetString())).Should().Equal(("source", "create"), ("figure", "create"), ("figure", "correct"));
        mine.Select(i => i.GetProperty("position").GetInt64()).Should().BeInAscendingOrder();
        var ndjson = await factory.CreateClient().GetStringAsync($"/api/v1/changes.ndjson?after={after}&limit=100");
        ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("position").GetInt64())
            .Should().Equal(feed.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("position").GetInt64()));

        // A Pingyang key cannot touch it.
        var pingyang = factory.ClientWithKey(factory.CreateKey("平阳县统计局", "pingyang", "figures:write"));
        var refused = await pingyang.Send(HttpMethod.Patch, location, """{ "value": 1, "comment": "x" }""", "application/merge-patch+json", ifMatch: etag2);
        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await refused.Content.ReadAsStringAsync()).Should().Contain("ruian");

        // A journalist's export shows the correction with its new quote.
        var export = await factory.CreateClient().GetStringAsync("/api/v1/export/figures.ndjson");
        var line = export.Split('\n').Single(l => l.Contains(location, StringComparison.Ordinal));
        line.Should().Contain("更正：2024年全年地区生产总值应为1512亿元").And.Contain("\"value\":1512");
        (await factory.CreateClient().GetStringAsync("/api/v1/export/figures.csv")).Should().Contain("更正：2024年全年地区生产总值应为1512亿元");
    }

    [Fact]
    public async Task A_get_representation_is_a_valid_body_and_server_computed_members_are_ignored()
    {
        var ruian = Ruian();
        var existing = await factory.CreateClient().GetStringAsync("/api/v1/figures/f001-018");
        var created = await ruian.Send(HttpMethod.Post, "/api/v1/figures", existing);
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var body = await created.Body();
        body.GetProperty("id").GetString().Should().NotBe("f001-018");
        body.GetProperty("citation").GetProperty("quote").GetString().Should().Be(JsonDocument.Parse(existing).RootElement.GetProperty("citation").GetProperty("quote").GetString());
    }

    [Theory]
    [InlineData("quote", "citation.quote", "verbatim-in-source")]
    [InlineData("value", "valueText", "value-in-quote")]
    [InlineData("region", "region.slug", "region-exists")]
    [InlineData("subject", "subject.key", "subject-resolves")]
    [InlineData("member", "colour", "unknown-member")]
    public async Task Provenance_is_enforced_as_on_seeds_and_a_refusal_changes_nothing(string broken, string field, string rule)
    {
        var ruian = Ruian();
        var source = await NewSource(ruian);
        var body = broken switch
        {
            "quote" => PartnerSamples.Figure(source, quote: "2024年，瑞安市全年实现地区生产总值9999亿元"),
            "value" => PartnerSamples.Figure(source, valueText: "1600"),
            "region" => PartnerSamples.Figure(source).Replace("\"region\": { \"slug\": \"ruian\" }", "\"region\": { \"slug\": \"atlantis\" }"),
            "subject" => PartnerSamples.Figure(source).Replace("\"key\": \"ruian\"", "\"key\": \"atlantis\""),
            _ => PartnerSamples.Figure(source, extra: ", \"colour\": \"red\""),
        };
        var before = factory.Fingerprint();
        var response = await ruian.Send(HttpMethod.Post, "/api/v1/figures", body);
        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, await response.Content.ReadAsStringAsync());
        var problem = await response.Body();
        problem.GetProperty("type").GetString().Should().Be("/problems/invalid-record");
        problem.GetProperty("errors").GetProperty(field).EnumerateArray().Should().Contain(e => e.GetString()!.StartsWith(rule + ":"));
        factory.Fingerprint().Should().Be(before);
    }

    [Fact]
    public async Task Keys_scopes_and_regions_are_checked_with_401_and_403()
    {
        var source = await NewSource(Ruian());
        var body = PartnerSamples.Figure(source);
        var before = factory.Fingerprint();

        var anonymous = await factory.CreateClient().Send(HttpMethod.Post, "/api/v1/figures", body);
        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        anonymous.Headers.WwwAuthenticate.ToString().Should().StartWith("Bearer");
        (await anonymous.Body()).GetProperty("type").GetString().Should().Be("/problems/unauthorized");

        var wrong = await factory.ClientWithKey("rsk_not-a-key").Send(HttpMethod.Post, "/api/v1/figures", body);
        wrong.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        wrong.Headers.WwwAuthenticate.ToString().Should().Contain("invalid_token");

        var sourcesOnly = await Ruian("sources:write").Send(HttpMethod.Post, "/api/v1/figures", body);
        sourcesOnly.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await sourcesOnly.Content.ReadAsStringAsync()).Should().Contain("figures:write");

        var pingyang = await factory.ClientWithKey(factory.CreateKey("平阳县统计局", "pingyang", "figures:write")).Send(HttpMethod.Post, "/api/v1/figures", body);
        pingyang.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await pingyang.Body()).GetProperty("errors").GetProperty("region.slug").ToString().Should().Contain("ruian");

        // A Wenzhou key covers Rui'an (a county's towns, a city's counties), by region path as the read filters do.
        factory.Fingerprint().Should().Be(before, "refusals change nothing");
        var wenzhou = await factory.ClientWithKey(factory.CreateKey("温州市统计局", "wenzhou", "figures:write")).Send(HttpMethod.Post, "/api/v1/figures", body);
        wenzhou.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_revoked_key_is_refused()
    {
        var token = factory.CreateKey("撤销测试", "ruian", "figures:write");
        using (var connection = factory.OpenDatabase())
        using (var tx = connection.BeginTransaction())
        {
            RuianSamples.Api.Partners.PartnerQueries.RevokeKey(connection, tx, Dapper.SqlMapper.ExecuteScalar<long>(connection, "SELECT max(id) FROM api_keys", transaction: tx), "2026-01-01T00:00:00Z")
                .Should().BeTrue();
            tx.Commit();
        }
        var response = await factory.ClientWithKey(token).Send(HttpMethod.Post, "/api/v1/figures", "{}");
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync()).Should().Contain("revoked");
    }

    [Fact]
    public async Task Bad_bodies_get_400_413_415_and_comment_is_required()
    {
        var ruian = Ruian();
        (await ruian.Send(HttpMethod.Post, "/api/v1/figures", "{ \"value\": ")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ruian.Send(HttpMethod.Post, "/api/v1/figures", "[]")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ruian.Send(HttpMethod.Post, "/api/v1/figures", "{}", "text/plain")).StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        (await ruian.Send(HttpMethod.Post, "/api/v1/figures", "{\"x\":\"" + new string('a', 70_000) + "\"}")).StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);

        var source = await NewSource(ruian);
        var created = await ruian.Send(HttpMethod.Post, "/api/v1/figures", PartnerSamples.Figure(source));
        var noComment = await ruian.Send(HttpMethod.Patch, created.Headers.Location!.ToString(), """{ "unit": "亿" }""", "application/merge-patch+json", ifMatch: created.Headers.ETag!.Tag);
        noComment.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await noComment.Body()).GetProperty("errors").GetProperty("comment").ToString().Should().Contain("required");
    }

    [Fact]
    public async Task An_idempotency_key_replays_the_first_answer_and_refuses_another_body()
    {
        var ruian = Ruian();
        var source = await NewSource(ruian);
        var key = Guid.NewGuid().ToString();
        var first = await ruian.Send(HttpMethod.Post, "/api/v1/figures", PartnerSamples.Figure(source), idempotencyKey: key);
        first.StatusCode.Should().Be(HttpStatusCode.Created);
        var before = factory.Fingerprint();
        var retry = await ruian.Send(HttpMethod.Post, "/api/v1/figures", PartnerSamples.Figure(source), idempotencyKey: key);
        retry.StatusCode.Should().Be(HttpStatusCode.Created);
        retry.Headers.Location.Should().Be(first.Headers.Location);
        retry.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        (await retry.Content.ReadAsStringAsync()).Should().Be(await first.Content.ReadAsStringAsync());
        factory.Fingerprint().Should().Be(before, "a replay writes nothing");

        var other = await ruian.Send(HttpMethod.Post, "/api/v1/figures", PartnerSamples.Figure(source).Replace("GDP (test)", "GDP (another body)"), idempotencyKey: key);
        other.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await other.Body()).GetProperty("type").GetString().Should().Be("/problems/idempotency-key-reused");
    }

    [Fact]
    public async Task A_retracted_figure_leaves_lists_and_exports_but_its_url_says_who_when_and_why()
    {
        var ruian = Ruian();
        var source = await NewSource(ruian);
        var created = await ruian.Send(HttpMethod.Post, "/api/v1/figures", PartnerSamples.Figure(source));
        var location = created.Headers.Location!.ToString();
        var id = location.Split('/')[^1];
        (await factory.CreateClient().GetJson($"/api/v1/figures?source={source}")).GetProperty("totalCount").GetInt32().Should().Be(1);

        (await ruian.Send(HttpMethod.Post, location + "/retraction", """{ "comment": "superseded" }""")).StatusCode.Should().Be((HttpStatusCode)428);
        var retracted = await ruian.Send(HttpMethod.Post, location + "/retraction", """{ "comment": "superseded by the final figure" }""", ifMatch: created.Headers.ETag!.Tag);
        retracted.StatusCode.Should().Be(HttpStatusCode.OK, await retracted.Content.ReadAsStringAsync());

        (await factory.CreateClient().GetJson($"/api/v1/figures?source={source}")).GetProperty("totalCount").GetInt32().Should().Be(0);
        (await factory.CreateClient().GetJson($"/api/v1/figures?source={source}&include=retracted")).GetProperty("totalCount").GetInt32().Should().Be(1);
        (await factory.CreateClient().GetStringAsync("/api/v1/export/figures.ndjson")).Should().NotContain(location);
        var item = await factory.CreateClient().GetJson(location);
        item.GetProperty("retraction").GetProperty("by").GetString().Should().Be("瑞安市统计局");
        item.GetProperty("retraction").GetProperty("comment").GetString().Should().Be("superseded by the final figure");
        item.GetProperty("retraction").GetProperty("at").GetString().Should().NotBeNullOrEmpty();
        (await factory.CreateClient().GetJson($"/api/v1/search?q=GDP")).ToString().Should().NotContain(id);

        var again = await ruian.Send(HttpMethod.Patch, location, """{ "unit": "亿", "comment": "x" }""", "application/merge-patch+json", ifMatch: retracted.Headers.ETag!.Tag);
        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Two_writers_with_the_same_etag_one_wins_the_other_gets_412()
    {
        var ruian = Ruian();
        var source = await NewSource(ruian);
        var writers = Enumerable.Range(0, 2).Select(i => factory.ClientWithKey(factory.CreateKey($"writer {i}", "ruian", "figures:write"))).ToArray();
        var wins = 0;
        var preconditionFailed = 0;
        for (var round = 0; round < 10; round++)
        {
            var created = await ruian.Send(HttpMethod.Post, "/api/v1/figures", PartnerSamples.Figure(source));
            var location = created.Headers.Location!.ToString();
            var etag = created.Headers.ETag!.Tag;
            using var start = new Barrier(2);
            var results = await Task.WhenAll(writers.Select((writer, i) => Task.Run(async () =>
            {
                start.SignalAndWait();
                var patch = i == 0 ? PartnerSamples.Correction : """{ "unit": "亿", "comment": "second writer" }""";
                return await writer.Send(HttpMethod.Patch, location, patch, "application/merge-patch+json", ifMatch: etag);
            })));
            results.Select(r => r.StatusCode).Should().BeEquivalentTo([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed]);
            wins += results.Count(r => r.StatusCode == HttpStatusCode.OK);
            preconditionFailed += results.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed);
            (await factory.CreateClient().GetJson(location + "/history")).GetArrayLength().Should().Be(2, "no lost update: one correction only");
        }
        wins.Should().Be(10);
        preconditionFailed.Should().Be(10);
    }
}

/// <summary>The search index a write updates in place equals the one a full rebuild makes.</summary>
public class FigureWriteIndexTests(PartnerFactory factory) : IClassFixture<PartnerFactory>
{
    [Fact]
    public async Task Each_write_updates_the_search_index_in_its_transaction_exactly_as_a_rebuild_would()
    {
        var ruian = factory.ClientWithKey(factory.CreateKey("瑞安市统计局", "ruian", "figures:write,sources:write"));
        (await ruian.Send(HttpMethod.Post, "/api/v1/sources", PartnerSamples.Source("index-check"))).StatusCode.Should().Be(HttpStatusCode.Created);
        var a = await ruian.Send(HttpMethod.Post, "/api/v1/figures", PartnerSamples.Figure("index-check"));
        var b = await ruian.Send(HttpMethod.Post, "/api/v1/figures", PartnerSamples.Figure("index-check"));
        (await ruian.Send(HttpMethod.Patch, a.Headers.Location!.ToString(), PartnerSamples.Correction, "application/merge-patch+json", ifMatch: a.Headers.ETag!.Tag))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        (await ruian.Send(HttpMethod.Post, b.Headers.Location + "/retraction", """{ "comment": "duplicate" }""", ifMatch: b.Headers.ETag!.Tag))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        (await factory.CreateClient().GetJson("/api/v1/search?q=更正")).ToString().Should().Contain(a.Headers.Location!.ToString());

        var (updated, rebuilt) = factory.SearchIndexAndRebuild();
        rebuilt.Should().Be(updated);
    }
}

public sealed class SlowPartnerFactory : PartnerFactory
{
    public SlowPartnerFactory() => WritesPerMinute = 1;
}

/// <summary>Too many writes from one key: 429 with Retry-After, from ASP.NET Core's rate limiter, per key.</summary>
public class FigureWriteRateLimitTests(SlowPartnerFactory factory) : IClassFixture<SlowPartnerFactory>
{
    [Fact]
    public async Task A_key_past_its_rate_gets_429_with_retry_after_and_another_key_does_not()
    {
        var ruian = factory.ClientWithKey(factory.CreateKey("瑞安市统计局", "ruian", "sources:write"));
        (await ruian.Send(HttpMethod.Post, "/api/v1/sources", PartnerSamples.Source("rate-1"))).StatusCode.Should().Be(HttpStatusCode.Created);
        var limited = await ruian.Send(HttpMethod.Post, "/api/v1/sources", PartnerSamples.Source("rate-2"));
        limited.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        limited.Headers.RetryAfter.Should().NotBeNull();
        (await limited.Body()).GetProperty("type").GetString().Should().Be("/problems/too-many-requests");
        var other = factory.ClientWithKey(factory.CreateKey("温州市统计局", "wenzhou", "sources:write"));
        (await other.Send(HttpMethod.Post, "/api/v1/sources", PartnerSamples.Source("rate-3"))).StatusCode.Should().Be(HttpStatusCode.Created);
        var audit = factory.ClientWithKey(factory.CreateKey("审计", "wenzhou", "audit:read"));
        var log = await audit.GetJson("/api/v1/audit?limit=100");
        log.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("status").GetInt32()).Should().Contain([201, 429]);
        (await ruian.GetAsync("/api/v1/audit")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }
}
