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
}
