using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.GraphQL;

/// <summary>
/// The optimised GraphQL path (validation skipped for a document and variables that passed before, serial
/// execution, themes/regions/source references kept per dataset version) answers byte for byte as the plain path (every rule, GraphQL.NET's parallel strategy): every
/// sample page, every reforms page and the samples list, before and after a write.
/// </summary>
public class OptimisedPathTests(OptimisedPathTests.BenchPartnerFactory factory) : IClassFixture<OptimisedPathTests.BenchPartnerFactory>
{
    /// <summary>The bench flag lets a request skip the result cache and ask for the plain path.</summary>
    public sealed class BenchPartnerFactory : PartnerFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Bench:Enabled", "true");
        }
    }

    private static readonly string SamplePage = File.ReadAllText(RepositoryFiles.PathOf("bench/graphql/sample-page.graphql"));

    // bench-peers' G2 and G1L shapes, with a few more relations (firsts, figures, sources, samples) so every loader is on the path.
    private const string ReformsPage = """
        query ReformsPage($after: String) {
          reforms(first: 20, after: $after) {
            totalCount
            pageInfo { hasNextPage endCursor }
            edges {
              cursor
              node {
                id slug name { zh en } startYear { year inferred } pilotLevel { level }
                themes { slug name { zh en } sampleCount reformCount }
                region { slug code level name { zh en } parent { slug } }
                firsts { claim scope source { sourceId } }
                figures { key value citation { quote } }
                samples { number title { zh } }
                sources { sourceId date }
              }
            }
          }
        }
        """;

    private const string SamplesList = """
        query SamplesList {
          samples(first: 10) {
            totalCount
            edges {
              node {
                number slug title { zh en }
                theme { slug name { zh en } }
                regions { slug code name { zh en } }
                measures { zh en }
                firsts { claim quote }
                reforms { slug }
                figures { key indicator { zh en } value valueText unit year citation { quote sourceTitle { zh en } } }
              }
            }
          }
        }
        """;

    private async Task<string> BodyAsync(HttpClient client, string query, object? variables, bool plain)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { query, variables }),
        };
        request.Headers.Add("X-Bench-Bypass-Cache", "1");
        if (plain) request.Headers.Add("X-Bench-Plain-GraphQL", "1");
        var response = await client.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await response.Content.ReadAsStringAsync();
        body.Should().NotContain("\"errors\"", "every query here is valid");
        return body;
    }

    /// <summary>Each request on the plain path, then twice on the optimised one (first run validates, the second skips it); returns the plain bodies.</summary>
    private async Task<List<string>> SameOnBothPathsAsync(HttpClient client)
    {
        var bodies = new List<string>();
        async Task Compare(string query, object? variables)
        {
            var plain = await BodyAsync(client, query, variables, plain: true);
            (await BodyAsync(client, query, variables, plain: false)).Should().Be(plain);
            (await BodyAsync(client, query, variables, plain: false)).Should().Be(plain, "the second run skips validation");
            bodies.Add(plain);
        }

        var numbers = JsonDocument.Parse(await BodyAsync(client, "{ samples(first: 100) { edges { node { number } } } }", null, plain: true))
            .RootElement.GetProperty("data").GetProperty("samples").GetProperty("edges").EnumerateArray()
            .Select(e => e.GetProperty("node").GetProperty("number").GetInt32()).ToList();
        numbers.Should().HaveCount(10);
        foreach (var number in numbers) await Compare(SamplePage, new { number });

        string? after = null;
        do
        {
            await Compare(ReformsPage, new { after });
            var page = JsonDocument.Parse(bodies[^1]).RootElement.GetProperty("data").GetProperty("reforms").GetProperty("pageInfo");
            after = page.GetProperty("hasNextPage").GetBoolean() ? page.GetProperty("endCursor").GetString() : null;
        }
        while (after is not null);

        await Compare(SamplesList, null);
        return bodies;
    }

    [Fact]
    public async Task Every_sample_and_reforms_page_is_byte_identical_on_the_optimised_and_plain_paths_before_and_after_a_write()
    {
        var client = factory.CreateClient();
        var before = await SameOnBothPathsAsync(client);
        before.Count(b => b.Contains("\"reforms\":{\"totalCount\"")).Should().BeGreaterThan(1, "the reforms take several pages");

        var ruian = factory.ClientWithKey(factory.CreateKey("瑞安市发展和改革局", "ruian", "reforms:write"));
        var corrected = await ruian.DataAsync("""
            mutation { correctReform(slug: "quality-loan", revision: 1, comment: "test", patch: { themes: ["economic-development"], nameEn: "Quality loan (test correction)" }) { revision } }
            """);
        corrected.GetProperty("correctReform").GetProperty("revision").GetInt32().Should().Be(2);

        var after = await SameOnBothPathsAsync(client);
        after.Should().HaveCount(before.Count);
        after.Should().NotEqual(before, "the write shows in the pages");
        string.Concat(after).Should().Contain("Quality loan (test correction)");
    }

    [Fact]
    public async Task A_document_that_passed_the_cost_limit_with_small_variables_is_still_refused_with_large_ones()
    {
        var client = factory.CreateClient();
        const string query = "query($n: Int) { samples(first: $n) { edges { node { figures { citation { quote } } reforms { figures { citation { quote } } samples { figures { key } reforms { figures { key } } } } } } } }";
        for (var run = 0; run < 2; run++)
        {
            var (small, smallBody) = await client.PostAsync(query, new { n = 1 });
            small.StatusCode.Should().Be(HttpStatusCode.OK);
            smallBody.TryGetProperty("errors", out _).Should().BeFalse();
        }
        var (_, large) = await client.PostAsync(query, new { n = 100 });
        large.ToString().Should().Contain("COMPLEXITY");
    }
}
