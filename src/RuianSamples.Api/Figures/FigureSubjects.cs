using GraphQL.Types;
using RuianSamples.Api.GraphQL;

namespace RuianSamples.Api.Figures;

/// <summary>Reform subjects join the union once reforms are in the graph.</summary>
public static class FigureSubjects
{
    public static object? Reform(CatalogLoaders loaders, string slug) => null;

    public static void AddTypes(UnionGraphType union)
    {
    }
}
