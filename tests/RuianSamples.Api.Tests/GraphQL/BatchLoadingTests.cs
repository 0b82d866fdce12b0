using Microsoft.Extensions.DependencyInjection;
using RuianSamples.Api.Data;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.GraphQL;

public class BatchLoadingTests(CatalogFactory factory) : IClassFixture<CatalogFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private const string SamplePages = """
        query ($first: Int) {
          samples(first: $first) {
            edges { node {
              number title { zh en }
              regions { slug name { zh } parent { slug } }
              theme { slug name { zh en } }
              measures { zh en }
              figures { valueText unit citation { quote } source { sourceId title { zh } } region { slug } }
              sources { sourceId }
            } }
          }
        }
        """;

    private async Task<long> StatementsFor(int first)
    {
        var db = factory.Services.GetRequiredService<CatalogDb>();
        await _client.DataAsync("{ __typename }"); // warm-up outside the measurement
        var before = db.StatementsExecuted;
        var data = await _client.DataAsync(SamplePages, new { first });
        var after = db.StatementsExecuted;
        data.GetProperty("samples").GetProperty("edges").GetArrayLength().Should().Be(first);
        return after - before;
    }

    [Fact]
    public async Task All_ten_samples_with_their_relations_cost_a_small_constant_number_of_SQL_statements()
    {
        var cold = await StatementsFor(9); // (each request different: an identical one would come from the result cache)
        // Themes, regions and source references are then known for this dataset version (GraphQL/VersionedRecords.cs).
        var forTen = await StatementsFor(10);
        forTen.Should().BeLessThan(cold, "records of the small tables are read once per version").And.BeGreaterThan(3);
        var forTwo = await StatementsFor(2);
        var forOne = await StatementsFor(1);

        // list + count, then one statement per relation and level: regions (links, records, parents), theme,
        // measures, figures, figure sources, figure regions, sample source links.
        cold.Should().BeLessThanOrEqualTo(12, "every parent→child field is batched");
        // The same bound for one, two and ten samples (without batching, ten would take over 100). The exact count
        // may differ by a statement or two: a record already loaded earlier in the request is served from its cache.
        forTwo.Should().BeLessThanOrEqualTo(12);
        forOne.Should().BeLessThanOrEqualTo(12).And.BeGreaterThan(3, "the counter sees real SQLite statements");
        Math.Abs(forTen - forOne).Should().BeLessThanOrEqualTo(2, "the count must not grow with the number of samples");
    }
}
