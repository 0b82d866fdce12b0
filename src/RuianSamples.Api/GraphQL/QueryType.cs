using System.Globalization;
using GraphQL;
using GraphQL.Types;
using GraphQL.Types.Relay;
using RuianSamples.Api.Common;
using RuianSamples.Api.Figures;
using RuianSamples.Api.Regions;
using RuianSamples.Api.Samples;
using RuianSamples.Api.Sources;

namespace RuianSamples.Api.GraphQL;

/// <summary>The root query: entry points to the catalog graph.</summary>
public sealed class QueryType : ObjectGraphType
{
    public QueryType()
    {
        Name = "Query";
        Description = "Entry points to the catalog: Wenzhou's ten practice samples, Rui'an's reforms, places, themes, figures, milestones and sources.";

        Field<NodeInterface>("node")
            .Description("Fetches any record by its global ID; null when no record has it.")
            .Argument<NonNullGraphType<IdGraphType>>("id", "A global ID, as returned in an `id` field.")
            .Resolve(c => LoadNode(c, c.GetArgument<string>("id"), "id"));
        Field<NonNullGraphType<ListGraphType<NodeInterface>>>("nodes")
            .Description("Fetches several records by global ID, in the order given (null for unknown IDs). At most 100 IDs.")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("ids", "Global IDs.")
            .Resolve(c =>
            {
                var ids = c.GetArgument<List<string>>("ids");
                if (ids.Count > QueryReader.MaxLimit)
                    throw new ApiInputException("invalid-parameter", "ids", $"At most {QueryReader.MaxLimit} IDs; got {ids.Count}.");
                return new NodeList(ids.Select(id => LoadNode(c, id, "ids")).ToList());
            });

        Field<SampleGraphType>("sample")
            .Description("One practice sample by number (1-10) or slug; give exactly one. Null when none has it.")
            .Argument<IntGraphType>("number", "The sample's number, 1-10.")
            .Argument<StringGraphType>("slug", "The sample's slug.")
            .ResolveAsync(async c =>
            {
                var number = c.GetArgument<int?>("number");
                var slug = c.GetArgument<string?>("slug");
                if ((number is null) == (slug is null))
                    throw new ApiInputException("invalid-parameter", "number", "Give exactly one of number or slug.");
                return await c.RequestServices!.GetRequiredService<SampleQueries>().FindAsync(slug ?? number!.Value.ToString(CultureInfo.InvariantCulture));
            });
        Field<NonNullGraphType<ConnectionType<SampleGraphType>>>("samples")
            .Description("The practice samples in number order, filtered like REST /api/v1/samples.")
            .Argument<IntGraphType>("first", "Page size, 1-100 (default 20).")
            .Argument<StringGraphType>("after", "Return the records after this cursor (an `endCursor` or edge `cursor` from the previous page).")
            .Argument<SampleFilterGraphType>("filter", "Filters, as in REST.")
            .ResolveAsync(async c =>
            {
                var filter = c.GetArgument<SampleFilterInput?>("filter") ?? new SampleFilterInput();
                var services = c.RequestServices!;
                var region = await services.GetRequiredService<RegionQueries>().ResolveFilterAsync("filter.region", filter.Region);
                var first = Connections.First(c.GetArgument<int?>("first"));
                var fingerprint = Cursor.FingerprintOf("samples", filter.Theme, region?.Slug);
                var after = Connections.After(c.GetArgument<string?>("after"), fingerprint);
                var queries = services.GetRequiredService<SampleQueries>();
                var where = new SampleQueries.Filter(filter.Theme, region?.Slug, region?.Path);
                var rows = await queries.ListAsync(where, (int)(after?.Id ?? 0), first + 1);
                var total = await queries.CountAsync(where);
                return Connections.Create(rows, first, total, s => new Cursor(null, s.Number, fingerprint));
            });

        Field<RegionGraphType>("region")
            .Description("One region by official code or slug; give exactly one. Null when none has it.")
            .Argument<StringGraphType>("code", "The official administrative division code.")
            .Argument<StringGraphType>("slug", "The region's slug.")
            .Resolve(c =>
            {
                var code = c.GetArgument<string?>("code");
                var slug = c.GetArgument<string?>("slug");
                if ((code is null) == (slug is null))
                    throw new ApiInputException("invalid-parameter", "code", "Give exactly one of code or slug.");
                return c.Loaders().Regions.Load(slug ?? code!);
            });
    }

    private static object? LoadNode(IResolveFieldContext context, string id, string argument)
    {
        var (type, key) = GlobalId.Decode(id, argument);
        var loaders = context.Loaders();
        return type switch
        {
            SampleGraphType.TypeName when int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var number) => loaders.Samples.Load(number),
            RegionGraphType.TypeName => loaders.Regions.Load(key),
            SourceGraphType.TypeName => loaders.Sources.Load(key),
            FigureGraphType.TypeName => loaders.Figures.Load(key),
            _ => null,
        };
    }

    /// <summary>Several pending node loads as one pending list.</summary>
    private sealed class NodeList(IReadOnlyList<object?> parts) : global::GraphQL.DataLoader.IDataLoaderResult
    {
        public async Task<object?> GetResultAsync(CancellationToken cancellationToken = default)
        {
            var values = new object?[parts.Count];
            for (var i = 0; i < parts.Count; i++)
                values[i] = parts[i] is global::GraphQL.DataLoader.IDataLoaderResult pending ? await pending.GetResultAsync(cancellationToken) : parts[i];
            return values;
        }
    }
}

public sealed class SampleFilterInput
{
    public string? Theme { get; set; }
    public string? Region { get; set; }
}

/// <summary>Sample filters, as in REST.</summary>
public sealed class SampleFilterGraphType : InputObjectGraphType<SampleFilterInput>
{
    public SampleFilterGraphType()
    {
        Name = "SampleFilter";
        Description = "Filters for samples; the same names, rules and messages as REST's query parameters.";
        Field(x => x.Theme, nullable: true).Description("A theme slug (see `themes`).");
        Field(x => x.Region, nullable: true).Description("A region slug or code; a county includes its towns.");
    }
}
