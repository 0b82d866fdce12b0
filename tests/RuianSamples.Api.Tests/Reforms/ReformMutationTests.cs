using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RuianSamples.Api.Data;
using RuianSamples.Api.Tests.GraphQL;
using RuianSamples.Api.Tests.Infrastructure;
using RuianSamples.Api.Tests.Partners;

namespace RuianSamples.Api.Tests.Reforms;

/// <summary>createReform and correctReform go through the same service and rules as REST; their selection sets read what they wrote.</summary>
public class ReformMutationTests(PartnerFactory factory) : IClassFixture<PartnerFactory>
{
    private const string Create = """
        mutation($slug: String!, $source: String!, $quote: String!) {
          createReform(input: { slug: $slug, nameZh: "测试一码通改革", nameEn: "Test one-code reform", region: "ruian",
            startYear: { year: 2024, quote: "该改革于2024年启动" }, pilotLevel: { level: "provincial", quote: "为省级试点" },
            firsts: [{ claim: "全国首创", scope: "national", quote: $quote }], themes: ["public-services"], samples: [2],
            descriptionZh: "瑞安市推行测试一码通改革，企业办事只需扫一次码。", descriptionEn: "Test (our translation).", sourceId: $source })
          { slug revision sourceId firsts { claim quote sourceId } themes { slug } samples { number } startYear { year } history { revision action agency } }
        }
        """;

    private const string Correct = """
        mutation($slug: String!, $revision: Int!) {
          correctReform(slug: $slug, revision: $revision, comment: "correction notice",
            patch: { startYear: { year: 2023, quote: "更正：该改革于2023年启动" }, themes: ["economic-development"] })
          { revision startYear { year quote } themes { slug } history { revision action comment changes } }
        }
        """;

    private static string Code(JsonElement body) => body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString()!;

    [Fact]
    public async Task A_commission_creates_and_corrects_a_reform_and_refusals_carry_codes_and_change_nothing()
    {
        var ruian = factory.ClientWithKey(factory.CreateKey("瑞安市发展和改革局", "ruian", "reforms:write,sources:write"));
        (await ruian.Send(HttpMethod.Post, "/api/v1/sources", PartnerSamples.ReformSource("gql-reform-notice"))).StatusCode.Should().Be(HttpStatusCode.Created);

        var created = (await ruian.DataAsync(Create, new { slug = "test-gql-reform", source = "gql-reform-notice", quote = "该做法在全国首创" })).GetProperty("createReform");
        created.GetProperty("revision").GetInt32().Should().Be(1);
        created.GetProperty("firsts")[0].GetProperty("sourceId").GetString().Should().Be("gql-reform-notice");
        created.GetProperty("themes")[0].GetProperty("slug").GetString().Should().Be("public-services", "the selection set reads what the mutation wrote");
        created.GetProperty("samples")[0].GetProperty("number").GetInt32().Should().Be(2);
        created.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()).Should().Equal("create");

        var (_, stale) = await ruian.PostAsync(Correct, new { slug = "test-gql-reform", revision = 7 });
        Code(stale).Should().Be("PRECONDITION_FAILED");
        var corrected = (await ruian.DataAsync(Correct, new { slug = "test-gql-reform", revision = 1 })).GetProperty("correctReform");
        corrected.GetProperty("revision").GetInt32().Should().Be(2);
        corrected.GetProperty("startYear").GetProperty("quote").GetString().Should().Be("更正：该改革于2023年启动");
        corrected.GetProperty("themes").EnumerateArray().Select(t => t.GetProperty("slug").GetString()).Should().Equal("economic-development");
        corrected.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()).Should().Equal("create", "correct");
        var rest = await factory.CreateClient().GetJson("/api/v1/reforms/test-gql-reform");
        rest.GetProperty("revision").GetInt64().Should().Be(2, "REST sees the GraphQL correction");
        rest.GetProperty("startYear").GetProperty("year").GetInt32().Should().Be(2023);

        var before = factory.Fingerprint();
        Code((await factory.CreateClient().PostAsync(Create, new { slug = "test-gql-2", source = "gql-reform-notice", quote = "该做法在全国首创" })).Body).Should().Be("UNAUTHENTICATED");
        var pingyang = factory.ClientWithKey(factory.CreateKey("平阳县发展和改革局", "pingyang", "reforms:write"));
        Code((await pingyang.PostAsync(Create, new { slug = "test-gql-2", source = "gql-reform-notice", quote = "该做法在全国首创" })).Body).Should().Be("FORBIDDEN");
        var figuresOnly = factory.ClientWithKey(factory.CreateKey("统计", "ruian", "figures:write"));
        Code((await figuresOnly.PostAsync(Create, new { slug = "test-gql-2", source = "gql-reform-notice", quote = "该做法在全国首创" })).Body).Should().Be("FORBIDDEN");
        var (_, invalid) = await ruian.PostAsync(Create, new { slug = "test-gql-2", source = "gql-reform-notice", quote = "该做法在全省首创" });
        Code(invalid).Should().Be("BAD_USER_INPUT");
        invalid.GetProperty("errors")[0].ToString().Should().Contain("firsts[0].quote").And.Contain("verbatim-in-source");
        Code((await ruian.PostAsync(Create, new { slug = "test-gql-reform", source = "gql-reform-notice", quote = "该做法在全国首创" })).Body).Should().Be("CONFLICT");
        factory.Fingerprint().Should().Be(before, "refused mutations change nothing");
    }
}

/// <summary>GraphQL mutations are audited as REST writes are: every write and every refusal, with key, operation, outcome and time.</summary>
public class MutationAuditTests(PartnerFactory factory) : IClassFixture<PartnerFactory>
{
    [Fact]
    public async Task Every_mutation_and_every_refused_one_is_in_the_audit_log()
    {
        var audit = factory.ClientWithKey(factory.CreateKey("审计", "wenzhou", "audit:read"));
        var start = (await audit.GetJson("/api/v1/audit?limit=100")).GetProperty("lastId").GetInt64();
        var ruian = factory.ClientWithKey(factory.CreateKey("瑞安市统计局", "ruian", "sources:write"));
        const string add = """mutation($id: String!, $text: String!) { addSource(input: { id: $id, titleZh: "测试", titleEn: "Test", date: "2025", datePrecision: "year", text: $text }) { sourceId } }""";
        await ruian.DataAsync(add, new { id = "audit-gql-1", text = PartnerSamples.SourceText });
        await ruian.PostAsync(add, new { id = "audit-gql-1", text = PartnerSamples.SourceText }); // taken: 409
        await factory.CreateClient().PostAsync(add, new { id = "audit-gql-2", text = PartnerSamples.SourceText }); // no key: 401
        await factory.ClientWithKey("rsk_not-a-key").PostAsync(add, new { id = "audit-gql-3", text = PartnerSamples.SourceText }); // wrong key: 401

        var rows = (await audit.GetJson($"/api/v1/audit?after={start}&limit=100")).GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("route").GetString() == "/graphql addSource").ToList();
        rows.Select(r => (r.GetProperty("status").GetInt32(), r.GetProperty("outcome").GetString(), r.GetProperty("keyName").ValueKind == JsonValueKind.String ? r.GetProperty("keyName").GetString() : null))
            .Should().Equal((201, "written", "瑞安市统计局"), (409, "refused", "瑞安市统计局"), (401, "refused", null), (401, "refused", null));
        rows.Should().OnlyContain(r => r.GetProperty("method").GetString() == "POST" && r.GetProperty("at").GetString()!.Length > 0);
    }
}

public sealed class SlowWritesFactory : PartnerFactory
{
    public SlowWritesFactory() => WritesPerMinute = 2;
}

/// <summary>GraphQL mutations share REST's per-key token bucket: past it, RATE_LIMITED with Retry-After, audited as 429.</summary>
public class MutationRateLimitTests(SlowWritesFactory factory) : IClassFixture<SlowWritesFactory>
{
    [Fact]
    public async Task A_key_past_its_rate_in_REST_and_GraphQL_together_gets_RATE_LIMITED_with_retry_after()
    {
        var token = factory.CreateKey("瑞安市统计局", "ruian", "sources:write");
        var ruian = factory.ClientWithKey(token);
        const string add = """mutation($id: String!, $text: String!) { addSource(input: { id: $id, titleZh: "测试", titleEn: "Test", date: "2025", datePrecision: "year", text: $text }) { sourceId } }""";
        // The bucket holds 2: one REST write and one mutation use it up.
        (await ruian.Send(HttpMethod.Post, "/api/v1/sources", PartnerSamples.Source("rate-gql-1"))).StatusCode.Should().Be(HttpStatusCode.Created);
        await ruian.DataAsync(add, new { id = "rate-gql-2", text = PartnerSamples.SourceText });
        var (response, body) = await ruian.PostAsync(add, new { id = "rate-gql-3", text = PartnerSamples.SourceText });
        var error = body.GetProperty("errors")[0];
        error.GetProperty("extensions").GetProperty("code").GetString().Should().Be("RATE_LIMITED");
        error.ToString().Should().Contain("retryAfter");
        response.Headers.RetryAfter.Should().NotBeNull();
        (await ruian.Send(HttpMethod.Post, "/api/v1/sources", PartnerSamples.Source("rate-gql-4"))).StatusCode.Should().Be(HttpStatusCode.TooManyRequests, "REST shares the bucket");
        (await factory.CreateClient().GetAsync("/api/v1/sources/rate-gql-3")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        // Another key is not limited by this one.
        await factory.ClientWithKey(factory.CreateKey("温州市统计局", "wenzhou", "sources:write")).DataAsync(add, new { id = "rate-gql-5", text = PartnerSamples.SourceText });
        var log = await factory.ClientWithKey(factory.CreateKey("审计", "wenzhou", "audit:read")).GetJson("/api/v1/audit?limit=100");
        log.GetProperty("items").EnumerateArray().Should().Contain(i => i.GetProperty("route").GetString() == "/graphql addSource" && i.GetProperty("status").GetInt32() == 429
            && i.GetProperty("keyName").GetString() == "瑞安市统计局");
    }
}

/// <summary>Writes the per-address limit refuses (before any key is checked) are audited too, with the key when one was presented.</summary>
public class PerAddressRefusalAuditTests : IClassFixture<PerAddressRefusalAuditTests.Factory>
{
    public sealed class Factory : PartnerFactory
    {
        public Factory() => RateLimitPermits = 4;

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("RateLimiting:WindowSeconds", "3600"); // the window cannot end during the test
        }
    }

    private readonly Factory _factory;

    public PerAddressRefusalAuditTests(Factory factory) => _factory = factory;

    [Fact]
    public async Task Rest_writes_and_mutations_refused_by_the_address_limit_are_audited_named_or_anonymous()
    {
        var token = _factory.CreateKey("瑞安市统计局", "ruian", "sources:write");
        var ruian = _factory.ClientWithKey(token);
        const string add = """mutation { addSource(input: { id: "addr-x", titleZh: "测试", titleEn: "Test", date: "2025", datePrecision: "year", text: "x" }) { sourceId } }""";
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++) statuses.Add((await _factory.CreateClient().GetAsync("/api/v1/themes")).StatusCode);
        statuses.Should().Contain(HttpStatusCode.TooManyRequests, "the address's 4 requests are used up");
        (await ruian.Send(HttpMethod.Post, "/api/v1/sources", PartnerSamples.Source("addr-1"))).StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        (await ruian.PostAsync(add)).Response.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        (await _factory.CreateClient().PostAsync(add)).Response.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        (await _factory.CreateClient().GetAsync("/api/v1/regions")).StatusCode.Should().Be(HttpStatusCode.TooManyRequests, "a read is refused but not a write");

        using var connection = _factory.OpenDatabase();
        var rows = Dapper.SqlMapper.Query<(string Route, long Status, string? KeyName)>(connection,
            "SELECT route, status, key_name FROM audit_log WHERE outcome = 'refused' ORDER BY id").ToList();
        rows.Should().Equal(("/api/v1/sources", 429L, "瑞安市统计局"), ("/graphql addSource", 429L, "瑞安市统计局"), ("/graphql addSource", 429L, null));
    }
}

/// <summary>Figure.history and Reform.history are loaded in one statement per level, not one per record.</summary>
public class HistoryBatchingTests(PartnerFactory factory) : IClassFixture<PartnerFactory>
{
    private const string Reforms = "query($first: Int) { reforms(first: $first) { edges { node { slug history { revision action } figures { key history { revision } } } } } }";

    private async Task<long> StatementsFor(HttpClient client, int first)
    {
        var db = factory.Services.GetRequiredService<CatalogDb>();
        await client.DataAsync("{ __typename }");
        var before = db.StatementsExecuted;
        var data = await client.DataAsync(Reforms, new { first });
        data.GetProperty("reforms").GetProperty("edges").GetArrayLength().Should().Be(first);
        return db.StatementsExecuted - before;
    }

    [Fact]
    public async Task History_costs_one_statement_per_level_whatever_the_number_of_records()
    {
        var client = factory.CreateClient();
        var forTwenty = await StatementsFor(client, 20);
        var forTen = await StatementsFor(client, 10);
        // list, count, reform histories, figures, figure histories (one per history was 20 and more for twenty reforms).
        forTwenty.Should().BeLessThanOrEqualTo(8, "history is batched: one statement per level");
        Math.Abs(forTwenty - forTen).Should().BeLessThanOrEqualTo(2, "the count must not grow with the number of records (a total may come from its cache)");

        // And it is the right history: a reform corrected through REST shows both revisions, another none.
        var ruian = factory.ClientWithKey(factory.CreateKey("瑞安市发展和改革局", "ruian", "reforms:write"));
        var etag = (await factory.CreateClient().GetAsync("/api/v1/reforms/quality-loan")).Headers.ETag!.Tag;
        (await ruian.Send(HttpMethod.Patch, "/api/v1/reforms/quality-loan", """{ "themesBasis": "test: re-read", "comment": "test" }""", "application/merge-patch+json", ifMatch: etag))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        var data = await client.DataAsync("""{ a: reform(slug: "quality-loan") { history { revision action comment } } b: reform(slug: "prehospital-emergency-reform") { history { revision } } }""");
        data.GetProperty("a").GetProperty("history").EnumerateArray().Select(h => (h.GetProperty("revision").GetInt32(), h.GetProperty("action").GetString())).Should().Equal((2, "correct"));
        data.GetProperty("b").GetProperty("history").GetArrayLength().Should().Be(0);
    }
}
