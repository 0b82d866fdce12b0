using GraphQL;
using GraphQL.Types;
using GraphQL.Utilities;
using Microsoft.Extensions.DependencyInjection;
using RuianSamples.Api.GraphQL;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.GraphQL;

public class SchemaContractTests(CatalogFactory factory) : IClassFixture<CatalogFactory>
{
    private ISchema Schema
    {
        get
        {
            var schema = factory.Services.GetRequiredService<CatalogSchema>();
            schema.Initialize();
            return schema;
        }
    }

    [Fact]
    public void Schema_graphql_is_the_printed_SDL_of_the_code()
    {
        var printed = Schema.Print(new PrintOptions { IncludeDescriptions = true, IncludeDeprecationReasons = true }).ReplaceLineEndings("\n").TrimEnd() + "\n";
        var path = RepositoryFiles.PathOf("schema/schema.graphql");
        if (RepositoryFiles.Update) File.WriteAllText(path, printed);

        var committed = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : "";
        committed.Should().Be(printed,
            "schema/schema.graphql must match the code. If the change is intended, regenerate it with: UPDATE_CONTRACTS=1 dotnet test --filter Schema_graphql_is_the_printed_SDL_of_the_code");
    }

    [Fact]
    public void Every_type_field_and_argument_has_a_description()
    {
        var missing = new List<string>();
        foreach (var type in Schema.AllTypes.Where(t => !t.Name.StartsWith("__", StringComparison.Ordinal) && t is not ScalarGraphType))
        {
            if (string.IsNullOrWhiteSpace(type.Description)) missing.Add(type.Name);
            if (type is IComplexGraphType complex)
                foreach (var field in complex.Fields)
                {
                    if (string.IsNullOrWhiteSpace(field.Description)) missing.Add($"{type.Name}.{field.Name}");
                    foreach (var argument in field.Arguments ?? [])
                        if (string.IsNullOrWhiteSpace(argument.Description)) missing.Add($"{type.Name}.{field.Name}({argument.Name})");
                }
            if (type is EnumerationGraphType enumeration)
                missing.AddRange(enumeration.Values.Where(v => string.IsNullOrWhiteSpace(v.Description)).Select(v => $"{type.Name}.{v.Name}"));
        }
        missing.Should().BeEmpty();
    }
}
