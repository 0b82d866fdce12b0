using System.Net;
using System.Text.Json;
using RuianSamples.Api.Tests.GraphQL;
using RuianSamples.Api.Tests.Infrastructure;
using RuianSamples.Api.Tests.Partners;

namespace RuianSamples.Api.Tests.Citations;

/// <summary>
/// A retracted figure's URL still answers (with its retraction), so it can still be cited: the citation must
/// then say that the figure is retracted, in every format, or a researcher cites a withdrawn number as if it stood.
/// Read at a version before the retraction, the citation is the one made then.
/// </summary>
public class RetractedCitationTests(PartnerFactory factory) : IClassFixture<PartnerFactory>
{
    private async Task<string> Cite(string url)
    {
        var response = await factory.CreateClient().GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        return body;
    }

    [Fact]
    public async Task The_citation_of_a_retracted_figure_says_it_is_retracted_when_by_whom_and_why_in_every_format()
    {
        var ruian = factory.ClientWithKey(factory.CreateKey("瑞安市统计局", "ruian", "figures:write,sources:write"));
        var sourceId = "retracted-cite-" + Guid.NewGuid().ToString("N")[..8];
        (await ruian.Send(HttpMethod.Post, "/api/v1/sources", PartnerSamples.Source(sourceId))).StatusCode.Should().Be(HttpStatusCode.Created);
        var created = await ruian.Send(HttpMethod.Post, "/api/v1/figures", PartnerSamples.Figure(sourceId));
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var figure = created.Headers.Location!.ToString();
        var before = await Cite(figure + "/citation?format=csl");
        var versionBefore = JsonDocument.Parse(before).RootElement[0].GetProperty("version").GetString();
        before.Should().NotContain("Retracted");

        var retraction = await ruian.Send(HttpMethod.Post, figure + "/retraction", """{ "comment": "superseded by the annual bulletin" }""", ifMatch: created.Headers.ETag!.Tag);
        retraction.StatusCode.Should().Be(HttpStatusCode.OK, await retraction.Content.ReadAsStringAsync());
        var day = JsonDocument.Parse(await Cite(figure)).RootElement.GetProperty("retraction").GetProperty("at").GetString()![..10];
        var said = $"was retracted on {day} by 瑞安市统计局: superseded by the annual bulletin";

        var csl = JsonDocument.Parse(await Cite(figure + "/citation?format=csl")).RootElement[0];
        csl.GetProperty("note").GetString().Should().Contain(said);
        (await Cite(figure + "/citation?format=bibtex")).Should().Contain(said);
        (await Cite(figure + "/citation?format=ris")).Should().MatchRegex($@"\r\nN1  - [^\r\n]*{System.Text.RegularExpressions.Regex.Escape(said)}");
        (await Cite(figure + "/citation?format=gbt7714")).Should().Contain($"（{day}已撤回）");
        var date = DateOnly.ParseExact(day, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture).ToString("MMMM d, yyyy", System.Globalization.CultureInfo.InvariantCulture);
        (await Cite(figure + "/citation?format=apa")).Should().Contain($"(retracted {date})");

        // GraphQL's citationAs is REST's text.
        var id = RuianSamples.Api.GraphQL.GlobalId.Encode(RuianSamples.Api.Figures.FigureGraphType.TypeName, figure.Split('/')[^1]);
        var data = await factory.CreateClient().DataAsync("query ($id: ID!) { node(id: $id) { ... on Figure { citationAs(format: CSL_JSON) } } }", new { id });
        data.GetProperty("node").GetProperty("citationAs").GetString().Should().Be(await Cite(figure + "/citation?format=csl"));

        // The citation made before the retraction still reads back as it was.
        (await Cite($"{figure}/citation?format=csl&version={versionBefore}")).Should().Be(before);
    }
}
