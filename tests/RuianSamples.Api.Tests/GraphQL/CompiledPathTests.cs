using System.Net;
using System.Text.Json;
using RuianSamples.Api.Tests.Infrastructure;
using RuianSamples.Api.Tests.Partners;

namespace RuianSamples.Api.Tests.GraphQL;

/// <summary>
/// The compiled path (GraphQL/CompiledQuery.cs: a validated operation's plan, written from the stored documents) answers
/// byte for byte as the plain path (X-Bench-Plain-GraphQL) and as the executor (X-Bench-Executor-GraphQL): bench-peers'
/// three queries verbatim, every sample with every field the plan reads, every page of samples and reforms, and shapes with
/// aliases, fragments, __typename, filters and variables — as imported, after partner writes and after a re-import.
/// The bench-only response header X-Bench-Compiled-GraphQL proves which path answered, and that the shapes it does not
/// handle reach the executor.
/// </summary>
public class CompiledPathTests(OptimisedPathTests.BenchPartnerFactory factory) : IClassFixture<OptimisedPathTests.BenchPartnerFactory>
{
    private static string Bench(string name) => File.ReadAllText(RepositoryFiles.PathOf($"bench/graphql/{name}.graphql"));

    // Every field the plan reads from a sample's document, through a fragment, with aliases and __typename.
    private const string EverySampleField = """
        query Sample($slug: String) {
          __typename
          record: sample(slug: $slug) { ...Sample }
        }
        fragment Sample on PracticeSample {
          __typename id number slug url htmlUrl themeInferred themeBasis
          title { zh en enIsTranslation __typename } summary { zh en enIsTranslation }
          theme { id slug name { zh en } __typename }
          regions { id slug code level name { zh en } }
          measures { zh en enIsTranslation }
          firsts { claim scope quote sourceId source { sourceId title { zh } } }
          reforms { id slug name { zh en } url htmlUrl }
          figures { ...Figure }
          sources { ...Source }
        }
        fragment Figure on Figure {
          __typename id key subjectType indicator { zh en } value valueText unit baseValue baseUnit qualifier qualifierText period year
          periodInferred periodBasis kind url revision retraction { at by comment }
          baseline { value valueText unit period change changePercent }
          region { id slug name { zh en } }
          citation { sourceId sourceTitle { zh en } publication byline date dateInferred sourceUrl quote quoteOffset passageUrl cite { zh en enIsTranslation } }
          source { ...Source }
        }
        fragment Source on Source { id sourceId title { zh en } publication date dateInferred url htmlUrl }
        """;

    private const string EveryReformField = """
        query Reforms($after: String) {
          reforms(first: 20, after: $after) {
            __typename totalCount
            pageInfo { __typename hasNextPage hasPreviousPage startCursor endCursor }
            edges {
              __typename cursor
              node {
                ... on Reform {
                  __typename id slug sourceId revision url htmlUrl themesInferred themesBasis
                  name { zh en } description { zh en enIsTranslation }
                  region { id slug code level name { zh en } }
                  startYear { year inferred quote basis } pilotLevel { level quote }
                  themes { id slug name { zh en } }
                  firsts { claim scope quote sourceId source { sourceId date } }
                  samples { id number slug title { zh en } url htmlUrl }
                  figures { key value valueText indicator { en } citation { quote quoteOffset } source { sourceId title { zh } } }
                  sources { sourceId title { zh } publication }
                }
              }
            }
          }
        }
        """;

    // Records beneath a reform's page that its document does not hold: each sample's own fields (from the sample's document)
    // and regions' parents up to the top (null there), on a reform, a sample and a figure.
    private const string ReformsWithTheirSamples = """
        query Reforms($after: String) {
          reforms(first: 7, after: $after, filter: { sample: 2 }) {
            pageInfo { hasNextPage endCursor }
            items {
              slug
              region { slug parent { __typename id slug code level name { zh en } parent { slug parent { slug parent { slug } } } } }
              samples {
                number themeInferred themeBasis summary { en } theme { slug }
                regions { slug parent { slug name { zh } } }
                figures { key indicator { en } source { sourceId } region { slug parent { slug level } } }
                firsts { claim source { sourceId title { zh } } }
                sources { sourceId }
                reforms { slug }
              }
            }
          }
        }
        """;

    private const string SamplesPages = """
        query Samples($after: String) {
          samples(first: 3, after: $after) {
            totalCount
            pageInfo { hasNextPage endCursor startCursor }
            edges { cursor node { number slug theme { slug } figures { key source { sourceId } } } }
            items { title { en } }
          }
        }
        """;

    // Several roots, aliases, literal filters and sorts, a reform by slug, a sample that does not exist.
    private const string Mixed = """
        {
          income: samples(first: 2, filter: { theme: "income-distribution" }) { totalCount edges { node { number } } pageInfo { hasNextPage } }
          recent: reforms(first: 5, sort: "-startYear", filter: { region: "ruian" }) { totalCount items { slug startYear { year } } }
          national: reforms(filter: { pilotLevel: "national", yearFrom: 2020 }) { totalCount edges { cursor } }
          one: reform(slug: "financial-commissioners") { slug name { en } samples { number } }
          none: sample(slug: "no-such-sample") { number }
        }
        """;

    // Shapes the plan does not handle: each must reach the executor and answer as before.
    private static readonly string[] Unsupported =
    [
        "{ sample(number: 1) { title { text(lang: EN) } } }",
        "{ sample(number: 1) { slug @include(if: true) } }",
        "{ sample(number: 1) { slug title { zh } title { en } } }",
        "{ sample(number: 1) { theme { sampleCount } } }",
        "{ sample(number: 1) { figures { region { code } } } }",
        "{ sample(number: 1) { regions { children { slug } } } }",
        "{ reform(slug: \"financial-commissioners\") { samples { reforms { description { zh } } } } }",
        "{ sample(number: 1) { ... on Node { id } } }",
        "{ sample(number: 99) { slug } }",
        "{ reform(slug: \"no-such-reform\") { slug } }",
        "{ samples(first: 0) { totalCount } }",
        "{ reforms(after: \"not-a-cursor\") { totalCount } }",
        "{ themes { slug } }",
        "{ __schema { queryType { name } } }",
    ];

    private async Task<(string Body, bool Compiled)> PostAsync(string query, object? variables, string? header = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = System.Net.Http.Json.JsonContent.Create(new { query, variables }) };
        request.Headers.Add("X-Bench-Bypass-Cache", "1");
        if (header is not null) request.Headers.Add(header, "1");
        var response = await factory.CreateClient().SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return (await response.Content.ReadAsStringAsync(), response.Headers.Contains("X-Bench-Compiled-GraphQL"));
    }

    /// <summary>The plain path's body; the same bytes from the executor and (after one validated run) from the compiled plan.</summary>
    private async Task<string> SameBytesAsync(string query, object? variables, bool compiled = true)
    {
        var (plain, plainCompiled) = await PostAsync(query, variables, "X-Bench-Plain-GraphQL");
        plainCompiled.Should().BeFalse();
        if (compiled) plain.Should().NotContain("\"errors\"", query);
        var (executor, executorCompiled) = await PostAsync(query, variables, "X-Bench-Executor-GraphQL"); // validates: the plan may run next
        executorCompiled.Should().BeFalse();
        executor.Should().Be(plain);
        var (body, wasCompiled) = await PostAsync(query, variables);
        wasCompiled.Should().Be(compiled, query);
        body.Should().Be(plain, query);
        return plain;
    }

    private static JsonElement Data(string body, string field) => JsonDocument.Parse(body).RootElement.GetProperty("data").GetProperty(field);

    /// <summary>Every page of a connection, following endCursor.</summary>
    private async Task PagesAsync(List<string> bodies, string query, string field, bool compiled = true)
    {
        string? after = null;
        do
        {
            var body = await SameBytesAsync(query, new { after }, compiled);
            bodies.Add(body);
            var info = Data(body, field).GetProperty("pageInfo");
            after = info.GetProperty("hasNextPage").GetBoolean() ? info.GetProperty("endCursor").GetString() : null;
        }
        while (after is not null);
    }

    private async Task<List<string>> EverythingAsync()
    {
        var bodies = new List<string>();
        foreach (var number in Enumerable.Range(1, 10))
            bodies.Add(await SameBytesAsync(Bench("sample-page"), new { number }));
        var list = await SameBytesAsync(Bench("samples-list"), null);
        bodies.Add(list);
        await PagesAsync(bodies, Bench("reforms-page-20"), "reforms");
        // bench/run.sh's scenario 7: a region's parent and the samples' regions, read beneath the reforms' documents.
        await PagesAsync(bodies, Bench("reforms-page"), "reforms");
        await PagesAsync(bodies, ReformsWithTheirSamples, "reforms");
        await PagesAsync(bodies, EveryReformField, "reforms");
        await PagesAsync(bodies, SamplesPages, "samples");
        foreach (var slug in Data(list, "samples").GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node").GetProperty("slug").GetString()))
            bodies.Add(await SameBytesAsync(EverySampleField, new { slug }));
        bodies.Add(await SameBytesAsync(Mixed, null));
        foreach (var query in Unsupported) bodies.Add(await SameBytesAsync(query, null, compiled: false));
        return bodies;
    }

    [Fact]
    public async Task Every_shape_is_byte_identical_on_the_compiled_and_plain_paths_as_imported_after_writes_and_after_a_reimport()
    {
        var imported = await EverythingAsync();
        imported.Count(b => b.Contains("\"reforms\":{\"totalCount\"")).Should().BeGreaterThan(4, "the reforms take several pages");

        // A reform created (linked to no sample) and corrected, and a seeded figure of sample 2 corrected: each rewrites documents.
        var ruian = factory.ClientWithKey(factory.CreateKey("瑞安市发展和改革局", "ruian", "reforms:write,figures:write,sources:write"));
        var source = "compiled-notice-" + Guid.NewGuid().ToString("N")[..8];
        (await ruian.Send(HttpMethod.Post, "/api/v1/sources", PartnerSamples.ReformSource(source))).StatusCode.Should().Be(HttpStatusCode.Created);
        var slug = "compiled-one-code-" + Guid.NewGuid().ToString("N")[..8];
        var created = await ruian.Send(HttpMethod.Post, "/api/v1/reforms", PartnerSamples.Reform(slug, source));
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        (await ruian.Send(HttpMethod.Patch, $"/api/v1/reforms/{slug}", PartnerSamples.ReformCorrection, "application/merge-patch+json", ifMatch: created.Headers.ETag!.Tag))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        var figure = await factory.CreateClient().GetAsync("/api/v1/figures/f001-018");
        (await ruian.Send(HttpMethod.Patch, "/api/v1/figures/f001-018", """{ "indicator": { "en": "commissioners (compiled path test)" }, "comment": "test" }""",
            "application/merge-patch+json", ifMatch: figure.Headers.ETag!.Tag)).StatusCode.Should().Be(HttpStatusCode.OK);

        var written = await EverythingAsync();
        string.Concat(written).Should().Contain("(compiled path test)").And.Contain(slug);
        (await SameBytesAsync($$"""{ reform(slug: "{{slug}}") { slug revision name { zh en } firsts { claim } figures { key } } }""", null))
            .Should().Contain("\"revision\":2");

        factory.Reimport(TempPaths.ShippedSeeds);
        var reimported = await EverythingAsync();
        reimported.Should().Equal(imported, "a re-import of the shipped seeds restores the catalog as imported");
    }

    [Fact]
    public async Task New_variables_take_the_compiled_path_at_once_unless_they_set_a_page_size()
    {
        const string query = "query One($number: Int!) { sample(number: $number) { number slug } }";
        await SameBytesAsync(query, new { number = 1 });
        var (fresh, compiled) = await PostAsync(query, new { number = 5 });
        compiled.Should().BeTrue("the plan's cost does not depend on which sample is read, and 5 binds as an Int");
        fresh.Should().Be((await PostAsync(query, new { number = 5 }, "X-Bench-Plain-GraphQL")).Body);

        (await PostAsync(query, new { number = "5" })).Compiled.Should().BeFalse("a string for an Int is the executor's to refuse");
        (await PostAsync(query, new { })).Body.Should().Contain("\"errors\"").And.Contain("number");

        const string sized = "query Page($n: Int) { samples(first: $n) { totalCount edges { node { number } } } }";
        await SameBytesAsync(sized, new { n = 2 });
        (await PostAsync(sized, new { n = 3 })).Compiled.Should().BeFalse("a new page size is checked by the cost rule first");
        (await PostAsync(sized, new { n = 3 })).Compiled.Should().BeTrue("once it passed, the same variables are compiled");
    }

    [Fact]
    public async Task Get_persisted_and_batched_requests_answer_as_before()
    {
        var query = Bench("sample-page");
        var url = "/graphql?query=" + Uri.EscapeDataString(query) + "&variables=" + Uri.EscapeDataString("""{"number":4}""");
        var client = factory.CreateClient();
        var first = await client.GetAsync(url);
        var second = await client.GetAsync(url);
        (await second.Content.ReadAsStringAsync()).Should().Be(await first.Content.ReadAsStringAsync());
        second.Headers.ETag.Should().Be(first.Headers.ETag);

        var batch = await client.PostAsync("/graphql", System.Net.Http.Json.JsonContent.Create(new[] { new { query, variables = new { number = 4 } } }));
        var batched = JsonDocument.Parse(await batch.Content.ReadAsStringAsync()).RootElement[0].GetRawText();
        batched.Should().Be(JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetRawText());
        batch.Headers.Contains("X-Bench-Compiled-GraphQL").Should().BeFalse("batches run on the executor");
    }
}
