using System.Net;
using System.Net.Http.Headers;
using System.Text;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Partners;

/// <summary>
/// What every partner write shares (Partners/PartnerWrites.cs): the body reader and the region rules. JsonNode reads
/// members and strings lazily, so a body it parsed could still throw (a 500) when a write service read it.
/// </summary>
public class PartnerWritesTests(PartnerFactory factory) : IClassFixture<PartnerFactory>
{
    private HttpClient Key(string name, string region) => factory.ClientWithKey(factory.CreateKey(name, region, "figures:write,sources:write,reforms:write"));

    private static async Task<HttpResponseMessage> SendBytes(HttpClient client, HttpMethod method, string url, byte[] body, string mediaType = "application/json", string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await client.SendAsync(request);
    }

    private async Task<string> NewSource(HttpClient client, string text = PartnerSamples.SourceText)
    {
        var id = "test-bulletin-" + Guid.NewGuid().ToString("N")[..8];
        var body = PartnerSamples.Source(id).Replace(System.Text.Json.JsonSerializer.Serialize(PartnerSamples.SourceText), System.Text.Json.JsonSerializer.Serialize(text));
        var response = await client.Send(HttpMethod.Post, "/api/v1/sources", body);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return id;
    }

    public static TheoryData<string, byte[]> UnreadableBodies => new()
    {
        { "a member named twice", "{\"comment\":\"a\",\"comment\":\"b\",\"unit\":\"元\"}"u8.ToArray() },
        { "an unpaired high surrogate", "{\"comment\":\"why\",\"unit\":\"\\ud800\"}"u8.ToArray() },
        { "an unpaired low surrogate in a nested member", "{\"comment\":\"why\",\"indicator\":{\"en\":\"x\\udc00\"}}"u8.ToArray() },
        { "an unpaired surrogate as a member name", "{\"comment\":\"why\",\"\\ud800\":1}"u8.ToArray() },
        { "NUL", "{\"comment\":\"why\",\"unit\":\"\\u0000\"}"u8.ToArray() },
        { "bytes that are not UTF-8", [.. "{\"comment\":\"why\",\"unit\":\""u8, 0xff, 0xfe, .. "\"}"u8] },
    };

    [Theory]
    [MemberData(nameof(UnreadableBodies))]
    public async Task A_body_json_reads_lazily_is_a_400_problem_on_every_write_never_a_500(string what, byte[] body)
    {
        var ruian = Key("瑞安市统计局", "ruian");
        var created = await ruian.Send(HttpMethod.Post, "/api/v1/figures", PartnerSamples.Figure(await NewSource(ruian)));
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var location = created.Headers.Location!.ToString();
        var before = factory.Fingerprint();

        foreach (var (method, url, mediaType) in new[]
                 {
                     (HttpMethod.Post, "/api/v1/figures", "application/json"),
                     (HttpMethod.Patch, location, "application/merge-patch+json"),
                     (HttpMethod.Post, location + "/retraction", "application/json"),
                     (HttpMethod.Post, "/api/v1/sources", "application/json"),
                     (HttpMethod.Post, "/api/v1/reforms", "application/json"),
                 })
        {
            var response = await SendBytes(ruian, method, url, body, mediaType, ifMatch: created.Headers.ETag!.Tag);
            var text = await response.Content.ReadAsStringAsync();
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest, $"{what} to {method} {url}: {text}");
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            (await response.Body()).GetProperty("type").GetString().Should().Be("/problems/bad-request");
        }
        factory.Fingerprint().Should().Be(before, "a refused body changes nothing");
    }

    [Fact]
    public async Task A_charset_other_than_utf8_is_a_415()
    {
        var response = await SendBytes(Key("瑞安市统计局", "ruian"), HttpMethod.Post, "/api/v1/figures", Encoding.Latin1.GetBytes("{\"unit\":\"é\"}"), "application/json; charset=iso-8859-1");
        response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType, await response.Content.ReadAsStringAsync());
        (await response.Content.ReadAsStringAsync()).Should().Contain("UTF-8");
    }

    [Theory]
    [InlineData("POST", "/api/v1/figures", "text/plain")]
    [InlineData("POST", "/api/v1/sources", "application/xml")]
    [InlineData("POST", "/api/v1/reforms", "text/csv")]
    [InlineData("PATCH", "/api/v1/figures/f001-018", "application/json")]
    public async Task A_write_routing_refuses_for_its_content_type_is_a_415_problem_and_audited_with_its_key(string method, string url, string mediaType)
    {
        var name = "瑞安市统计局-" + Guid.NewGuid().ToString("N")[..6];
        var response = await SendBytes(Key(name, "ruian"), new HttpMethod(method), url, "{}"u8.ToArray(), mediaType);
        response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType, await response.Content.ReadAsStringAsync());
        (await response.Body()).GetProperty("type").GetString().Should().Be("/problems/unsupported-media-type");

        var audit = factory.ClientWithKey(factory.CreateKey("审计", "wenzhou", "audit:read"));
        var rows = new List<System.Text.Json.JsonElement>();
        for (var after = 0L; ;)
        {
            var page = await audit.GetJson($"/api/v1/audit?after={after}&limit=100");
            var items = page.GetProperty("items").EnumerateArray().ToList();
            rows.AddRange(items.Where(i => i.GetProperty("keyName").GetString() == name));
            if (items.Count < 100) break;
            after = page.GetProperty("lastId").GetInt64();
        }
        rows.Should().ContainSingle($"the refused {method} {url} is in the audit log");
        rows[0].GetProperty("status").GetInt32().Should().Be(415);
        rows[0].GetProperty("method").GetString().Should().Be(method);
        rows[0].GetProperty("route").GetString().Should().Be(url);
        rows[0].GetProperty("detail").GetString().Should().Contain(mediaType);
    }

    [Fact]
    public async Task A_write_with_a_query_parameter_is_refused_and_writes_nothing()
    {
        var ruian = Key("瑞安市统计局", "ruian");
        var body = PartnerSamples.Figure(await NewSource(ruian));
        var before = factory.Fingerprint();
        var response = await ruian.Send(HttpMethod.Post, "/api/v1/figures?dryRun=true", body);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        (await response.Body()).GetProperty("type").GetString().Should().Be("/problems/unknown-parameter");
        factory.Fingerprint().Should().Be(before, "a client that asked for a dry run must not get a write");
    }

    [Theory]
    [InlineData("2025-13-01")]
    [InlineData("2023-02-30")]
    [InlineData("0000")]
    public async Task A_source_date_that_is_not_a_calendar_date_is_a_422_not_a_500(string date)
    {
        var body = PartnerSamples.Source("test-bad-date-" + Guid.NewGuid().ToString("N")[..8]).Replace("\"2025-03\"", $"\"{date}\"").Replace("\"month\"", date.Length == 4 ? "\"year\"" : "\"day\"");
        var response = await Key("瑞安市统计局", "ruian").Send(HttpMethod.Post, "/api/v1/sources", body);
        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, await response.Content.ReadAsStringAsync());
        (await response.Body()).GetProperty("errors").GetProperty("date").ToString().Should().Contain("date-format");
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("/relative/path")]
    public async Task A_source_url_that_is_not_a_web_address_is_a_422(string url)
    {
        var body = PartnerSamples.Source("test-bad-url-" + Guid.NewGuid().ToString("N")[..8]).Replace("https://example.org/bulletin", url);
        var before = factory.Fingerprint();
        var response = await Key("瑞安市统计局", "ruian").Send(HttpMethod.Post, "/api/v1/sources", body);
        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, await response.Content.ReadAsStringAsync());
        (await response.Body()).GetProperty("errors").GetProperty("originalUrl").ToString().Should().Contain("web-address");
        factory.Fingerprint().Should().Be(before);
    }

    [Fact]
    public async Task A_key_cannot_attach_its_region_s_records_to_another_region_s_subject()
    {
        var ruian = Key("瑞安市统计局", "ruian");
        var source = await NewSource(ruian);
        var pingyang = Key("平阳县统计局", "pingyang");
        var inPingyang = PartnerSamples.Figure(source).Replace("\"region\": { \"slug\": \"ruian\" }", "\"region\": { \"slug\": \"pingyang\" }");
        var before = factory.Fingerprint();

        // A figure "of Rui'an" (subject) placed in Pingyang (region), and one on a Rui'an reform: both would show on Rui'an's pages.
        foreach (var body in new[] { inPingyang, inPingyang.Replace("\"type\": \"region\", \"key\": \"ruian\"", "\"type\": \"reform\", \"key\": \"binhai-cauliflower-farmers-union\"") })
        {
            var refused = await pingyang.Send(HttpMethod.Post, "/api/v1/figures", body);
            refused.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, await refused.Content.ReadAsStringAsync());
            (await refused.Body()).GetProperty("errors").GetProperty("region.slug").ToString().Should().Contain("subject-region");
        }

        // A Pingyang reform linked to sample 2 (Rui'an's).
        var reformSource = "test-reform-notice-" + Guid.NewGuid().ToString("N")[..8];
        (await pingyang.Send(HttpMethod.Post, "/api/v1/sources", PartnerSamples.ReformSource(reformSource))).StatusCode.Should().Be(HttpStatusCode.Created);
        before = factory.Fingerprint();
        var reform = await pingyang.Send(HttpMethod.Post, "/api/v1/reforms", PartnerSamples.Reform("test-pingyang-" + Guid.NewGuid().ToString("N")[..8], reformSource, region: "pingyang"));
        reform.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, await reform.Content.ReadAsStringAsync());
        (await reform.Body()).GetProperty("errors").GetProperty("samples").ToString().Should().Contain("subject-region");
        factory.Fingerprint().Should().Be(before, "refusals change nothing");

        // As in the seeds, a place within the subject's region (or containing it) is fine: a Rui'an figure of a Wenzhou reform.
        var wenzhouReform = PartnerSamples.Figure(source).Replace("\"type\": \"region\", \"key\": \"ruian\"", "\"type\": \"reform\", \"key\": \"gongxiangshe-xingfuli\"");
        var allowed = await ruian.Send(HttpMethod.Post, "/api/v1/figures", wenzhouReform);
        allowed.StatusCode.Should().Be(HttpStatusCode.Created, await allowed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_invisible_formatting_character_outside_a_quote_is_a_422_and_writes_nothing()
    {
        var ruian = Key("瑞安市统计局", "ruian");
        var source = await NewSource(ruian);
        var before = factory.Fingerprint();

        // U+200F (a right-to-left mark) before 亿元 made a unit the base-unit conversion no longer knew: 1500, not 1.5e11 元.
        var rtl = await ruian.Send(HttpMethod.Post, "/api/v1/figures", PartnerSamples.Figure(source).Replace("\"unit\": \"亿元\"", "\"unit\": \"\\u200f亿元\""));
        var zeroWidth = await ruian.Send(HttpMethod.Post, "/api/v1/figures", PartnerSamples.Figure(source).Replace("\"en\": \"GDP (test)\"", "\"en\": \"GDP\\u200b (test)\""));

        foreach (var (response, field) in new[] { (rtl, "unit"), (zeroWidth, "indicator.en") })
        {
            response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, await response.Content.ReadAsStringAsync());
            (await response.Body()).GetProperty("errors").GetProperty(field)[0].GetString().Should().StartWith("invisible-character");
        }
        factory.Fingerprint().Should().Be(before);
    }

    [Fact]
    public async Task A_source_id_longer_than_a_slug_may_be_is_a_422()
    {
        var ruian = Key("瑞安市统计局", "ruian");

        var response = await ruian.Send(HttpMethod.Post, "/api/v1/sources", PartnerSamples.Source(new string('a', 5000)));

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await response.Content.ReadAsStringAsync()).Should().Contain("longer than 80 characters").And.NotContain(new string('a', 100));
    }

    [Fact]
    public async Task An_idempotency_key_is_one_header_of_at_most_255_characters()
    {
        var ruian = Key("瑞安市统计局", "ruian");
        var source = await NewSource(ruian);
        var before = factory.Fingerprint();

        var tooLong = await ruian.Send(HttpMethod.Post, "/api/v1/figures", PartnerSamples.Figure(source), idempotencyKey: new string('k', 256));
        var twice = new HttpRequestMessage(HttpMethod.Post, "/api/v1/figures") { Content = new StringContent(PartnerSamples.Figure(source), Encoding.UTF8, "application/json") };
        twice.Headers.TryAddWithoutValidation("Idempotency-Key", ["one", "two"]);
        var several = await ruian.SendAsync(twice);

        foreach (var response in new[] { tooLong, several })
        {
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
            (await response.Body()).GetProperty("errors").TryGetProperty("Idempotency-Key", out _).Should().BeTrue();
        }
        factory.Fingerprint().Should().Be(before);
        (await ruian.Send(HttpMethod.Post, "/api/v1/figures", PartnerSamples.Figure(source), idempotencyKey: new string('k', 255))).StatusCode.Should().Be(HttpStatusCode.Created);
    }
}
