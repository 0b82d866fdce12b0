using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.GraphQL;

/// <summary>
/// Refusals written outside the GraphQL endpoint (the per-address rate limit, the NUL check) are GraphQL-over-HTTP
/// errors on /graphql, and RFC 9457 problems on REST. Kestrel's own 414 and 431 are written before any middleware
/// runs (empty bodies), so they are out of reach.
/// </summary>
public sealed class GraphQLRefusalShapeTests : IDisposable
{
    private readonly CatalogFactory _limited = new() { RateLimitPermits = 3 };
    private readonly CatalogFactory _unlimited = new();

    public void Dispose()
    {
        _limited.Dispose();
        _unlimited.Dispose();
    }

    private static async Task<JsonElement> GraphQLError(HttpResponseMessage response, HttpStatusCode status, string mediaType, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, text);
        response.Content.Headers.ContentType!.MediaType.Should().Be(mediaType, text);
        var body = JsonDocument.Parse(text).RootElement;
        body.TryGetProperty("data", out _).Should().BeFalse("a request error has no data");
        var error = body.GetProperty("errors").EnumerateArray().Should().ContainSingle().Subject;
        error.GetProperty("message").GetString().Should().NotBeNullOrWhiteSpace();
        error.GetProperty("extensions").GetProperty("code").GetString().Should().Be(code, text);
        return error;
    }

    [Fact]
    public async Task Past_the_rate_limit_graphql_gets_a_graphql_error_and_rest_a_problem_both_429_with_retry_after()
    {
        var client = _limited.CreateClient();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 10 && limited is null; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent("{\"query\":\"{ themes { slug } }\"}", Encoding.UTF8, "application/json") };
            request.Headers.Accept.ParseAdd("application/graphql-response+json");
            var response = await client.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) limited = response;
        }
        limited.Should().NotBeNull("the limit is 3 requests");
        var error = await GraphQLError(limited!, HttpStatusCode.TooManyRequests, "application/graphql-response+json", "TOO_MANY_REQUESTS");
        error.GetProperty("message").GetString().Should().Contain("Retry after");
        limited!.Headers.RetryAfter.Should().NotBeNull();
        limited.Headers.CacheControl!.NoStore.Should().BeTrue();

        // Without an Accept naming graphql-response+json: application/json, as the endpoint answers.
        await GraphQLError(await client.GetAsync("/graphql?query=%7Bthemes%7Bslug%7D%7D"), HttpStatusCode.TooManyRequests, "application/json", "TOO_MANY_REQUESTS");

        var rest = await client.GetAsync("/api/v1/themes");
        rest.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        rest.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await rest.Body()).GetProperty("type").GetString().Should().Be("/problems/too-many-requests");
    }

    [Fact]
    public async Task A_nul_in_a_graphql_get_is_a_graphql_400_and_in_rest_a_problem()
    {
        var client = _unlimited.CreateClient();
        await GraphQLError(await client.GetAsync("/graphql?query=%00"), HttpStatusCode.BadRequest, "application/json", "BAD_REQUEST");
        var rest = await client.GetAsync("/api/v1/reforms?region=%00");
        rest.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        rest.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task The_endpoint_s_own_413_and_415_stay_graphql_errors()
    {
        var client = _unlimited.CreateClient();
        var wrongType = new StringContent("{\"query\":\"{ themes { slug } }\"}", Encoding.UTF8, "text/plain");
        await GraphQLError(await client.PostAsync("/graphql", wrongType), HttpStatusCode.UnsupportedMediaType, "application/json", "UNSUPPORTED_MEDIA_TYPE");
        var large = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"query\":\"" + new string('a', 70_000) + "\"}"));
        large.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        await GraphQLError(await client.PostAsync("/graphql", large), HttpStatusCode.RequestEntityTooLarge, "application/json", "PAYLOAD_TOO_LARGE");
    }
}
