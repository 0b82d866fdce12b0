using System.Net;
using System.Text;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.GraphQL;

/// <summary>Small requests that used to cost a core for minutes, answer megabytes or crash with a 500: each now gets a quick, spec-shaped refusal.</summary>
public class HostileGraphQLTests(CatalogFactory factory) : IClassFixture<CatalogFactory>
{
    private static async Task<(HttpResponseMessage Response, string Body)> Post(HttpClient client, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20)); // never hangs CI
        var response = await client.PostAsync("/graphql", content, cancel.Token);
        return (response, await response.Content.ReadAsStringAsync(cancel.Token));
    }

    private static Task<(HttpResponseMessage Response, string Body)> Post(HttpClient client, string json) => Post(client, Encoding.UTF8.GetBytes(json));

    [Fact]
    public async Task Fragments_that_double_at_every_level_are_refused_at_once()
    {
        // f0 selects a field; f(n) spreads f(n-1) twice: 2^28 fields once expanded, from about 1 KB of text.
        var text = new StringBuilder("query { samples { ...f28 } } fragment f0 on SampleConnection { totalCount } ");
        for (var i = 1; i <= 28; i++) text.Append($"fragment f{i} on SampleConnection {{ ...f{i - 1} ...f{i - 1} }} ");
        var started = System.Diagnostics.Stopwatch.StartNew();

        var (response, body) = await Post(factory.CreateClient(), System.Text.Json.JsonSerializer.Serialize(new { query = text.ToString() }));

        started.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        body.Should().Contain("FRAGMENT_EXPANSION_LIMIT").And.NotContain("\"data\"");
    }

    [Fact]
    public async Task Many_aliases_of_a_hundred_ids_are_costed_by_the_real_list_length()
    {
        // 9 KB of request; 30 MB of answer before: the list in a variable, fifty aliases of it.
        var ids = Enumerable.Range(1, 100).Select(i => Convert.ToBase64String(Encoding.UTF8.GetBytes($"Figure:f001-{i:000}"))).ToArray();
        var aliases = string.Join(" ", Enumerable.Range(0, 50).Select(i => $"a{i}: nodes(ids: $ids) {{ id ... on Figure {{ key value valueText unit baseValue baseUnit qualifier period year kind url indicator {{ zh en }} citation {{ quote }} }} }}"));
        var (response, body) = await Post(factory.CreateClient(), System.Text.Json.JsonSerializer.Serialize(new { query = "query($ids: [ID!]!) { " + aliases + " }", variables = new { ids } }));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        body.Length.Should().BeLessThan(10_000, "refused before anything is built");
        body.Should().Contain("COMPLEXITY");
    }

    [Fact]
    public async Task A_thousand_errors_are_reported_as_twenty_and_a_count()
    {
        var directives = string.Join(" ", Enumerable.Range(0, 1000).Select(_ => "@nope"));
        var (_, body) = await Post(factory.CreateClient(), System.Text.Json.JsonSerializer.Serialize(new { query = "{ themes " + directives + " { totalCount } }" }));

        var errors = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("errors");
        errors.GetArrayLength().Should().BeLessThanOrEqualTo(21);
        errors[errors.GetArrayLength() - 1].GetProperty("extensions").GetProperty("code").GetString().Should().Be("TOO_MANY_ERRORS");
        body.Length.Should().BeLessThan(20_000);
    }

    public static TheoryData<string, string> LoneSurrogates => new()
    {
        { "query", """{"query":"{ search(query: \"\ud800\") { totalCount } }"}""" },
        { "query itself", "{\"query\":\"\\ud800\"}" },
        { "variables", """{"query":"query($q: String!) { search(query: $q) { totalCount } }","variables":{"q":"\ud800"}}""" },
        { "operationName", """{"query":"{ themes { totalCount } }","operationName":"\udfff"}""" },
        { "extensions", """{"query":"{ themes { totalCount } }","extensions":{"x":"\ud83d"}}""" },
        { "a member name", """{"query":"{ themes { totalCount } }","variables":{"\ud800":1}}""" },
    };

    [Theory]
    [MemberData(nameof(LoneSurrogates))]
    public async Task An_unpaired_surrogate_anywhere_in_the_body_is_a_400_naming_it(string where, string json)
    {
        var (response, body) = await Post(factory.CreateClient(), json);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, $"{where}: {body}");
        body.Should().Contain("Unicode");
    }

    [Theory]
    [InlineData("{\"query\":\"{ themes { slug } }\",\"query\":\"{ sources { id } }\"}")]
    [InlineData("{\"query\":\"query($s: String!) { reform(slug: $s) { slug } }\",\"variables\":{\"s\":\"a\",\"s\":\"b\"}}")]
    public async Task A_member_named_twice_is_a_400_not_a_500(string json)
    {
        var (response, body) = await Post(factory.CreateClient(), json);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, body);
        body.Should().Contain("Duplicate property").And.NotContain("line ,");
    }

    [Theory]
    [InlineData(new byte[] { 0xff })]
    [InlineData(new byte[] { 0xc0, 0xaf })] // overlong '/'
    [InlineData(new byte[] { 0xed, 0xa0, 0x80 })] // a surrogate encoded as UTF-8
    public async Task Invalid_utf8_bytes_in_the_body_are_a_400(byte[] bad)
    {
        var body = Encoding.UTF8.GetBytes("{\"query\":\"{ themes { totalCount } }\",\"operationName\":\"x").Concat(bad).Concat("\"}"u8.ToArray()).ToArray();
        var (response, text) = await Post(factory.CreateClient(), body);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, text);
        text.Should().Contain("UTF-8");
    }

    [Theory]
    [InlineData("variables", "{\"q\":\"\\ud800\"}")]
    [InlineData("extensions", "{\"x\":\"\\udc00\"}")]
    public async Task An_unpaired_surrogate_in_a_get_parameter_is_a_400(string parameter, string value)
    {
        var url = $"/graphql?query={Uri.EscapeDataString("query($q: String) { themes { totalCount } }")}&{parameter}={Uri.EscapeDataString(value)}";
        var response = await factory.CreateClient().GetAsync(url);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/api/v1/reforms?region=%ED%A0%80")]
    [InlineData("/api/v1/reforms?sort=%FF")]
    [InlineData("/api/v1/figures?year=%C0%AF")]
    [InlineData("/api/v1/search?q=%ED%A0%80%FF")]
    [InlineData("/api/v1/samples/%ED%A0%80")]
    [InlineData("/api/v1/sources/%FF/text?offset=%FF")]
    [InlineData("/api/v1/figures?cursor=%ED%A0%80")]
    public async Task Invalid_utf8_in_rest_parameters_is_a_4xx_problem(string url)
    {
        var response = await factory.CreateClient().GetAsync(url);
        ((int)response.StatusCode).Should().BeInRange(200, 499, url);
        if ((int)response.StatusCode >= 400) response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }
}
