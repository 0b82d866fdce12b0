using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Data.Sqlite;
using RuianSamples.Api.Data;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Contracts;

/// <summary>schema/ holds the contracts; each must equal what the code produces. Regenerate with UPDATE_CONTRACTS=1 dotnet test.</summary>
public class ContractFileTests(CatalogFactory factory) : IClassFixture<CatalogFactory>
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static void Check(string relative, string produced)
    {
        var path = RepositoryFiles.PathOf(relative);
        if (RepositoryFiles.Update) File.WriteAllText(path, produced);
        File.Exists(path).Should().BeTrue($"{relative} is committed (UPDATE_CONTRACTS=1 dotnet test writes it)");
        File.ReadAllText(path).ReplaceLineEndings("\n").Should().Be(produced.ReplaceLineEndings("\n"),
            $"{relative} must match the code; if the change is intended, run UPDATE_CONTRACTS=1 dotnet test and commit the file");
    }

    [Fact]
    public async Task Openapi_document_matches_schema_openapi_json()
    {
        var served = JsonNode.Parse(await factory.CreateClient().GetStringAsync("/openapi/v1.json"))!;
        Check("schema/openapi.json", served.ToJsonString(Indented) + "\n");
    }

    [Fact]
    [Trait(Engines.Trait, Engines.SqliteOnly)] // schema/schema.sql is SQLite's; PostgreSQL's parity is Data/Postgres/SchemaParityTests
    public void Sql_schema_matches_schema_schema_sql()
    {
        _ = factory.Services; // starting the host creates and migrates the database
        using var connection = new SqliteConnection(CatalogDb.ReadConnectionString(factory.DatabasePath));
        connection.Open();
        var statements = connection.Query<string>(
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY CASE type WHEN 'table' THEN 0 ELSE 1 END, name");
        var text = "-- Generated from schema/migrations by a test (UPDATE_CONTRACTS=1 dotnet test): the whole schema in one place.\n\n"
            + string.Join("\n\n", statements.Select(s => s.Trim() + ";")) + "\n";
        Check("schema/schema.sql", text);
    }
}

public class OpenApiCompletenessTests
{
    [Fact]
    public void Every_operation_and_parameter_has_a_description_and_every_parameter_an_example()
    {
        var document = JsonNode.Parse(File.ReadAllText(RepositoryFiles.PathOf("schema/openapi.json")))!;
        var operations = document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => (Path: p.Key, Method: o.Key, Operation: o.Value!))).ToList();

        operations.Should().HaveCountGreaterThan(15);
        foreach (var (path, method, operation) in operations)
        {
            operation["summary"]?.GetValue<string>().Should().NotBeNullOrWhiteSpace($"{method} {path} has a summary");
            operation["description"]?.GetValue<string>().Should().NotBeNullOrWhiteSpace($"{method} {path} has a description");
            operation["responses"]!.AsObject().Select(r => r.Key).Should().Contain(k => k.StartsWith('4') || k.StartsWith('5'), $"{method} {path} documents its errors");
            foreach (var (status, response) in operation["responses"]!.AsObject().Where(r => r.Key[0] is '4' or '5'))
                response!["content"]?["application/problem+json"].Should().NotBeNull($"{method} {path} {status} is problem details");
            var parameters = operation["parameters"]?.AsArray().Select(p => p!).ToList() ?? [];
            foreach (var parameter in parameters)
            {
                var name = parameter["name"]!.GetValue<string>();
                parameter["description"]?.GetValue<string>().Should().NotBeNullOrWhiteSpace($"{method} {path} ?{name} has a description");
                // Examples are the operation's own request (OpenApiResponseValidationTests sends them and expects 2xx with records).
                if (parameter["in"]!.GetValue<string>() == "path") parameter["example"].Should().NotBeNull($"{method} {path} {{{name}}} has an example");
                if (name == "cursor") parameter["example"].Should().BeNull("a cursor is only ever copied from a page's `next`; a made-up one is refused");
            }
            if (parameters.Any(p => p["in"]!.GetValue<string>() == "query" && p["name"]!.GetValue<string>() is not ("pretty" or "cursor" or "limit")))
                parameters.Should().Contain(p => p["in"]!.GetValue<string>() == "query" && p["example"] != null, $"{method} {path} shows an example query");
        }
    }
}
