using System.Globalization;
using RuianSamples.Api.Site;

namespace RuianSamples.Api.Sources;

/// <summary>A source's page: its manifest, and its normalised text (the text quotes are checked against) with one passage marked.</summary>
public sealed record SourcePageModel(SourceDto Source, SourceText Text, SourceText? Passage)
{
    /// <summary>
    /// The text cut into readable paragraphs at sentence ends (the normalisation removed the layout's line breaks),
    /// never inside the marked passage.
    /// </summary>
    public IReadOnlyList<(int Start, int End)> Paragraphs(int minLength = 160)
    {
        var text = Text.Text;
        var (markStart, markEnd) = Passage is null ? (-1, -1) : (Passage.Offset, Passage.Offset + Passage.Text.Length);
        var result = new List<(int, int)>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is not ('。' or '！' or '？') || i + 1 - start < minLength || (i + 1 > markStart && i + 1 < markEnd)) continue;
            // A closing quotation mark belongs to its sentence.
            var end = i + 1 < text.Length && text[i + 1] is '”' or '’' or '」' ? i + 2 : i + 1;
            result.Add((start, end));
            start = end;
            i = end - 1;
        }
        if (start < text.Length) result.Add((start, text.Length));
        return result;
    }
}

public static class SourcePages
{
    public static RouteGroupBuilder MapSourcePages(this RouteGroupBuilder pages)
    {
        pages.MapGet("/sources", async (HttpContext http, SourceQueries queries) =>
            SiteEndpoints.Render<SourcesListPage, SourceList>(http, await SourceEndpoints.List(SiteEndpoints.ApiRequest(http, "/api/v1/sources", []), queries)));
        pages.MapGet("/sources/{id}", async (string id, HttpContext http, SourceQueries queries, Figures.FigureQueries figures, Versions.DatasetVersions versions,
            Versions.ReformsAtVersion reforms) =>
        {
            var site = SiteContext.From(http);
            var source = SiteEndpoints.ValueOf(await SourceEndpoints.Get(id, SiteEndpoints.ApiRequest(http, $"/api/v1/sources/{id}", []), queries, figures, versions, reforms), out var problem);
            if (source is null) return SiteEndpoints.Error(http, problem!);
            var text = SiteEndpoints.ValueOf(await SourceEndpoints.Text(id, SiteEndpoints.ApiRequest(http, $"/api/v1/sources/{id}/text", []), queries), out problem);
            if (text is null) return SiteEndpoints.Error(http, problem!);
            SourceText? passage = null;
            if (site.Query.Any(q => q.Key is "offset" or "length"))
            {
                // The passage parameters are the API's: validated by its text endpoint.
                passage = SiteEndpoints.ValueOf(await SourceEndpoints.Text(id, SiteEndpoints.ApiRequest(http, $"/api/v1/sources/{id}/text",
                    site.Query.Where(q => q.Key is "offset" or "length").Append(new("context", "0"))), queries), out problem);
                if (passage is null) return SiteEndpoints.Error(http, problem!);
            }
            return SiteEndpoints.Render<SourcePage>(http, new SourcePageModel(source, text, passage));
        });
        return pages;
    }
}
