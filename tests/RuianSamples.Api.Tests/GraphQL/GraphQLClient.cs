using System.Net.Http.Json;
using System.Text.Json;

namespace RuianSamples.Api.Tests.GraphQL;

/// <summary>Posts GraphQL operations through the real pipeline and returns the parsed response.</summary>
public static class GraphQLClient
{
    public static async Task<(HttpResponseMessage Response, JsonElement Body)> PostAsync(this HttpClient client, string query, object? variables = null, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query, variables }) };
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Runs a query that must succeed and returns its data.</summary>
    public static async Task<JsonElement> DataAsync(this HttpClient client, string query, object? variables = null)
    {
        var (response, body) = await client.PostAsync(query, variables);
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        body.TryGetProperty("errors", out var errors).Should().BeFalse(errors.ToString());
        return body.GetProperty("data");
    }
}
