using System.Net.Http.Json;
using System.Text.Json;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.GraphQL;

public class IntrospectionTests(CatalogFactory factory) : IClassFixture<CatalogFactory>
{
    // The query GraphiQL 3 sends on load (graphql-js getIntrospectionQuery with its defaults).
    private const string IntrospectionQuery = """
        query IntrospectionQuery {
          __schema {
            queryType { name } mutationType { name } subscriptionType { name }
            types { ...FullType }
            directives { name description locations args { ...InputValue } }
          }
        }
        fragment FullType on __Type {
          kind name description
          fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
          inputFields { ...InputValue }
          interfaces { ...TypeRef }
          enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
          possibleTypes { ...TypeRef }
        }
        fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
        fragment TypeRef on __Type {
          kind name
          ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }
        }
        """;

    [Fact]
    public async Task The_ide_introspection_query_is_never_refused_by_the_cost_limit()
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/graphql", new { query = IntrospectionQuery });
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        body.TryGetProperty("errors", out var errors).Should().BeFalse(errors.ToString());
        body.GetProperty("data").GetProperty("__schema").GetProperty("types").GetArrayLength().Should().BeGreaterThan(20);
    }

    // graphql-js getIntrospectionQuery with every option on (descriptions, specifiedByUrl, directiveIsRepeatable,
    // schemaDescription, inputValueDeprecation, oneOf), as graphql-codegen and rover send it.
    private const string FullIntrospectionQuery = """
        query IntrospectionQuery {
          __schema {
            description
            queryType { name } mutationType { name } subscriptionType { name }
            types { ...FullType }
            directives { name description isRepeatable locations args(includeDeprecated: true) { ...InputValue } }
          }
        }
        fragment FullType on __Type {
          kind name description specifiedByURL isOneOf
          fields(includeDeprecated: true) { name description args(includeDeprecated: true) { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
          inputFields(includeDeprecated: true) { ...InputValue }
          interfaces { ...TypeRef }
          enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
          possibleTypes { ...TypeRef }
        }
        fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue isDeprecated deprecationReason }
        fragment TypeRef on __Type {
          kind name
          ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } } }
        }
        """;

    [Fact]
    public async Task Introspection_with_every_option_of_the_october_2021_spec_answers()
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/graphql", new { query = FullIntrospectionQuery });
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        body.TryGetProperty("errors", out var errors).Should().BeFalse(errors.ToString());
        var schema = body.GetProperty("data").GetProperty("__schema");
        schema.GetProperty("description").GetString().Should().Contain("RuianSamples");
        schema.GetProperty("directives").EnumerateArray().Should().AllSatisfy(d => d.GetProperty("isRepeatable").ValueKind.Should().Be(JsonValueKind.False));
        var types = schema.GetProperty("types").EnumerateArray().ToList();
        types.Single(t => t.GetProperty("name").GetString() == "String").GetProperty("specifiedByURL").ValueKind.Should().Be(JsonValueKind.Null);
        var query = types.Single(t => t.GetProperty("name").GetString() == "Query");
        query.GetProperty("fields").EnumerateArray().SelectMany(f => f.GetProperty("args").EnumerateArray())
            .Should().NotBeEmpty().And.AllSatisfy(a => a.GetProperty("isDeprecated").ValueKind.Should().Be(JsonValueKind.False));
    }
}
