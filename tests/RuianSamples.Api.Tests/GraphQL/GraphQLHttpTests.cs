using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.GraphQL;

public class GraphQLHttpTests(CatalogFactory factory) : IClassFixture<CatalogFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static string Message(JsonElement body) => body.GetProperty("errors")[0].GetProperty("message").GetString()!;

    private static string? Code(JsonElement body) =>
        body.GetProperty("errors")[0].TryGetProperty("extensions", out var e) && e.TryGetProperty("code", out var c) ? c.GetString() : null;

    [Fact]
    public async Task Answers_graphql_response_json_when_accepted_and_json_otherwise()
    {
        var (gql, _) = await _client.PostAsync("{ __typename }", accept: "application/graphql-response+json, application/json;q=0.9");
        gql.Content.Headers.ContentType!.MediaType.Should().Be("application/graphql-response+json");
        var (json, body) = await _client.PostAsync("{ __typename }");
        json.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        body.GetProperty("data").GetProperty("__typename").GetString().Should().Be("Query");
    }

    [Fact]
    public async Task Document_errors_are_400_with_graphql_response_json_and_200_with_json_and_carry_no_data()
    {
        var (strict, strictBody) = await _client.PostAsync("{ nope }", accept: "application/graphql-response+json");
        strict.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        strictBody.TryGetProperty("data", out _).Should().BeFalse();
        var (lenient, lenientBody) = await _client.PostAsync("{ nope", accept: "application/json");
        lenient.StatusCode.Should().Be(HttpStatusCode.OK);
        lenientBody.GetProperty("errors").GetArrayLength().Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task Get_runs_queries_and_refuses_mutations_with_405()
    {
        var ok = await _client.GetAsync("/graphql?query=" + Uri.EscapeDataString("{ sample(number: 2) { slug } }"));
        ok.StatusCode.Should().Be(HttpStatusCode.OK);
        var mutation = await _client.GetAsync("/graphql?query=" + Uri.EscapeDataString("mutation { x }"));
        mutation.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        mutation.Content.Headers.Allow.Should().Contain("POST");
    }

    [Theory]
    [InlineData("subscription { x }")]
    [InlineData("subscription S { __typename }")]
    [InlineData("subscription S { themes { slug } }")]
    public async Task A_subscription_is_a_document_error_not_an_internal_error(string query)
    {
        var (strict, strictBody) = await _client.PostAsync(query, accept: "application/graphql-response+json");
        strict.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        Code(strictBody).Should().Be("SUBSCRIPTION_NOT_SUPPORTED");
        strictBody.TryGetProperty("data", out _).Should().BeFalse();
        var (lenient, lenientBody) = await _client.PostAsync(query, accept: "application/json");
        lenient.StatusCode.Should().Be(HttpStatusCode.OK);
        Code(lenientBody).Should().Be("SUBSCRIPTION_NOT_SUPPORTED");
    }

    [Fact]
    public async Task A_query_beside_a_subscription_in_one_document_still_runs()
    {
        var body = JsonSerializer.Serialize(new { query = "query Q { __typename } subscription S { themes { slug } }", operationName = "Q" });
        var response = await _client.PostAsync("/graphql", new StringContent(body, Encoding.UTF8, "application/json"));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        json.GetProperty("data").GetProperty("__typename").GetString().Should().Be("Query");
    }

    [Fact]
    public async Task Get_responses_have_an_etag_and_answer_304_when_unchanged()
    {
        var url = "/graphql?query=" + Uri.EscapeDataString("{ themes { slug } }");
        var first = await _client.GetAsync(url);
        var etag = first.Headers.ETag!;
        using var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(etag);
        (await _client.SendAsync(again)).StatusCode.Should().Be(HttpStatusCode.NotModified);
    }

    [Fact]
    public async Task Automatic_persisted_queries_register_then_serve_a_hash_only_get()
    {
        const string query = "{ sample(number: 3) { slug title { zh } } }";
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(query)));
        var extensions = Uri.EscapeDataString("{\"persistedQuery\":{\"version\":1,\"sha256Hash\":\"" + hash + "\"}}");

        var unknown = JsonDocument.Parse(await _client.GetStringAsync($"/graphql?extensions={extensions}")).RootElement;
        Message(unknown).Should().Be("PersistedQueryNotFound");
        Code(unknown).Should().Be("PERSISTED_QUERY_NOT_FOUND");

        var register = await _client.GetAsync($"/graphql?query={Uri.EscapeDataString(query)}&extensions={extensions}");
        register.StatusCode.Should().Be(HttpStatusCode.OK);

        var byHash = await _client.GetAsync($"/graphql?extensions={extensions}");
        byHash.StatusCode.Should().Be(HttpStatusCode.OK);
        byHash.Headers.ETag.Should().NotBeNull();
        byHash.Headers.CacheControl!.Public.Should().BeTrue();
        (await byHash.Content.ReadAsStringAsync()).Should().Contain("\"slug\"");

        var mismatch = await _client.GetAsync($"/graphql?query={Uri.EscapeDataString("{ themes { slug } }")}&extensions={extensions}");
        mismatch.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        Code(JsonDocument.Parse(await mismatch.Content.ReadAsStringAsync()).RootElement).Should().Be("PERSISTED_QUERY_HASH_MISMATCH");
    }

    [Fact]
    public async Task Too_deep_queries_say_which_limit_and_by_how_much()
    {
        var deep = "{ region(slug: \"ruian\") { " + string.Concat(Enumerable.Repeat("parent { ", 20)) + "slug" + new string('}', 21) + " }";
        var (response, body) = await _client.PostAsync(deep, accept: "application/graphql-response+json");
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        Message(body).Should().Contain("too nested").And.Contain("maximum allowed on this endpoint is 15");
    }

    [Fact]
    public async Task Too_costly_queries_say_which_limit_and_by_how_much()
    {
        const string costly = "{ reforms(first: 100) { edges { node { samples { reforms { samples { reforms { figures { source { sourceId } } } } } } } } } }";
        var (response, body) = await _client.PostAsync(costly, accept: "application/graphql-response+json");
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        Message(body).Should().Contain("too complex").And.Contain("maximum allowed on this endpoint is 50000");
    }

    [Fact]
    public async Task Page_size_is_capped_at_100_with_the_REST_message()
    {
        var (_, body) = await _client.PostAsync("{ reforms(first: 500) { totalCount } }");
        Message(body).Should().Be("Must be between 1 and 100; got 500.");
        Code(body).Should().Be("BAD_USER_INPUT");
    }

    [Fact]
    public async Task Filters_are_validated_like_REST()
    {
        var (_, body) = await _client.PostAsync("{ reforms(filter: { pilotLevel: \"galactic\" }) { totalCount } }");
        Message(body).Should().StartWith("'galactic' is not one of: national, provincial, municipal");
        var (_, region) = await _client.PostAsync("{ samples(filter: { region: \"atlantis\" }) { totalCount } }");
        Message(region).Should().Contain("No region has the slug or code 'atlantis'");
    }

    [Fact]
    public async Task Alias_floods_oversized_bodies_and_large_batches_are_refused_clearly()
    {
        var aliases = "{ " + string.Join(" ", Enumerable.Range(0, 60).Select(i => $"a{i}: __typename")) + " }";
        var (_, aliasBody) = await _client.PostAsync(aliases);
        Message(aliasBody).Should().Contain("60 aliased fields; at most 50");

        var huge = new StringContent("{\"query\":\"" + new string(' ', 70_000) + "{ __typename }\"}", Encoding.UTF8, "application/json");
        var tooLarge = await _client.PostAsync("/graphql", huge);
        tooLarge.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);

        var batch = "[" + string.Join(",", Enumerable.Repeat("{\"query\":\"{ __typename }\"}", 6)) + "]";
        var tooMany = await _client.PostAsync("/graphql", new StringContent(batch, Encoding.UTF8, "application/json"));
        tooMany.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        Message(JsonDocument.Parse(await tooMany.Content.ReadAsStringAsync()).RootElement).Should().Contain("1 to 5 operations; this one has 6");

        var small = "[" + string.Join(",", Enumerable.Repeat("{\"query\":\"{ __typename }\"}", 2)) + "]";
        var okBatch = await _client.PostAsync("/graphql", new StringContent(small, Encoding.UTF8, "application/json"));
        JsonDocument.Parse(await okBatch.Content.ReadAsStringAsync()).RootElement.GetArrayLength().Should().Be(2);
    }

    [Theory]
    [InlineData("application/json", "{")]
    [InlineData("application/json", "[]")]
    [InlineData("application/json", "{\"query\": 5}")]
    [InlineData("application/json", "{\"query\": \"{ __typename }\", \"variables\": \"x\"}")]
    [InlineData("application/json", "{\"query\": \"{ node(id: \\\"!!!\\\") { id } }\"}")]
    [InlineData("application/json", "{\"query\": \"{ samples(after: \\\"garbage\\\") { totalCount } }\"}")]
    [InlineData("application/json", "{\"query\": \"{ nodes(ids: [\\\"UmVmb3JtOg==\\\"]) { id } }\"}")]
    [InlineData("application/json", "{\"query\": \"query($n: Int) { sample(number: $n) { slug } }\", \"variables\": {\"n\": \"two\"}}")]
    [InlineData("text/plain", "{ __typename }")]
    [InlineData("application/json", "{\"query\": \"{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{\"}")]
    public async Task Hostile_input_never_gets_a_500_or_exception_text(string contentType, string body)
    {
        var response = await _client.PostAsync("/graphql", new StringContent(body, Encoding.UTF8, contentType));
        ((int)response.StatusCode).Should().BeLessThan(500);
        var text = await response.Content.ReadAsStringAsync();
        text.Should().NotContain("   at ").And.NotContain("Exception");
        JsonDocument.Parse(text).RootElement.GetProperty("errors").GetArrayLength().Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task Node_round_trips_global_ids()
    {
        var data = await _client.DataAsync("{ reform(slug: \"financial-commissioners\") { id } sample(slug: \"" +
            (await _client.DataAsync("{ sample(number: 2) { slug } }")).GetProperty("sample").GetProperty("slug").GetString() + "\") { id } }");
        var ids = new[] { data.GetProperty("reform").GetProperty("id").GetString()!, data.GetProperty("sample").GetProperty("id").GetString()! };
        Encoding.UTF8.GetString(Convert.FromBase64String(ids[0])).Should().Be("Reform:financial-commissioners");
        var nodes = await _client.DataAsync("query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }", new { ids });
        nodes.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("__typename").GetString()).Should().Equal("Reform", "PracticeSample");
    }

    [Fact]
    public async Task A_browser_gets_the_IDE_at_graphql_and_its_assets_come_from_this_server()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql");
        request.Headers.Add("Accept", "text/html,application/xhtml+xml");
        var page = await _client.SendAsync(request);
        page.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        var html = await page.Content.ReadAsStringAsync();
        html.Should().Contain("/graphql/ui/graphiql.js").And.NotContain("https://");
        var script = await _client.GetAsync("/graphql/ui/graphiql.js");
        script.StatusCode.Should().Be(HttpStatusCode.OK);
        (await script.Content.ReadAsByteArrayAsync()).Length.Should().BeGreaterThan(100_000);
    }
}
