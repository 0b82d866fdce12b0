using RuianSamples.Api.GraphQL;
using RuianSamples.Api.Reforms;

namespace RuianSamples.Api.Figures;

/// <summary>Reform subjects are keyed by slug (REST's subject key); only this path needs the by-slug lookup.</summary>
public static class FigureSubjects
{
    public static object Reform(CatalogLoaders loaders, string slug) => loaders.ReformsBySlug.Load(slug);
}
