using GraphQL.Validation.Complexity;
using System.Globalization;
using GraphQL;
using GraphQL.Types;
using GraphQL.Types.Relay;
using GraphQL.Types.Relay.DataObjects;
using RuianSamples.Api.Common;
using GraphQL.Builders;
using RuianSamples.Api.Figures;
using RuianSamples.Api.Honors;
using RuianSamples.Api.Milestones;
using RuianSamples.Api.Reforms;
using RuianSamples.Api.Themes;
using RuianSamples.Api.Regions;
using RuianSamples.Api.Samples;
using RuianSamples.Api.Search;
using RuianSamples.Api.Sources;

namespace RuianSamples.Api.GraphQL;

/// <summary>The root query: entry points to the catalog graph.</summary>
public sealed class QueryType : ObjectGraphType
{
    public QueryType()
    {
        Name = "Query";
        Description = "Entry points to the catalog: Wenzhou's ten practice samples, Rui'an's reforms, places, themes, figures, milestones, honors and sources.";

        Field<NodeInterface>("node")
            .Description("Fetches any record by its global ID; null when no record has it.")
            .Argument<NonNullGraphType<IdGraphType>>("id", "A global ID, as returned in an `id` field.")
            .Resolve(c => LoadNode(c, c.GetArgument<string>("id"), "id"));
        Field<NonNullGraphType<ListGraphType<NodeInterface>>>("nodes")
            .Description("Fetches several records by global ID, in the order given (null for unknown IDs). At most 100 IDs.")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("ids", "Global IDs.")
            // A list of N ids returns N records: cost them by the list's real length, not as one field.
            .WithComplexityImpact(c => new FieldComplexityResult(1,
                c.Arguments is { } args && args.TryGetValue("ids", out var ids) && ids.Value is System.Collections.ICollection list ? Math.Max(1, list.Count) : 1))
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
            .ResolveAsync(async c => await SamplesAsync(c.RequestServices!, c.GetArgument<SampleFilterInput?>("filter"), c.GetArgument<int?>("first"), c.GetArgument<string?>("after")));

        Field<RegionGraphType>("region")
            .Description("One region by official code or slug; give exactly one. Null when none has it.")
            .Argument<StringGraphType>("code", "The official administrative division code.")
            .Argument<StringGraphType>("slug", "The region's slug.")
            .ResolveAsync(async c =>
            {
                var code = c.GetArgument<string?>("code");
                var slug = c.GetArgument<string?>("slug");
                if ((code is null) == (slug is null))
                    throw new ApiInputException("invalid-parameter", "code", "Give exactly one of code or slug.");
                return await Service<RegionQueries>(c).ByKeyAsync(slug ?? code!);
            });
        ListField<RegionGraphType, RegionFilterGraphType>("regions", "Regions in path order (a parent before its children), filtered like REST /api/v1/regions.", "path", RegionQueries.Sorts)
            .ResolveAsync(async c =>
            {
                var (filter, first, sort) = ListArguments(c, RegionQueries.Sorts, "path");
                var level = Validate.OneOf("level", filter.Level, Service<Vocabulary>(c).Current.RegionLevels);
                var parent = await Service<RegionQueries>(c).ResolveFilterAsync("parent", filter.Parent);
                var fingerprint = Cursor.FingerprintOf("regions", level, parent?.Slug, sort.Name);
                var after = Connections.After(c.GetArgument<string?>("after"), fingerprint);
                var where = new RegionQueries.Filter(level, parent?.Path);
                var queries = Service<RegionQueries>(c);
                var rows = await queries.ListAsync(where, sort, after, first + 1);
                return Connections.Create(rows, first, await queries.CountAsync(where), r => new Cursor(r.SortKey, r.Id, fingerprint));
            });

        Field<ReformGraphType>("reform")
            .Description("One reform by slug; null when none has it.")
            .Argument<NonNullGraphType<StringGraphType>>("slug", "The reform's slug.")
            .ResolveAsync(async c => await Service<ReformQueries>(c).BySlugAsync(c.GetArgument<string>("slug")));
        ListField<ReformGraphType, ReformFilterGraphType>("reforms", "Rui'an's reforms, filtered and sorted like REST /api/v1/reforms.", "id", ReformQueries.Sorts)
            .ResolveAsync(async c => await ReformsAsync(c.RequestServices!, c.GetArgument<ListFilterInput?>("filter"), c.GetArgument<int?>("first"),
                c.GetArgument<string?>("after"), c.GetArgument<string?>("sort")));

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ThemeGraphType>>>>("themes")
            .Description("All themes (demonstration areas and gaps), in the article's order. A short, fixed list, so not paged.")
            .ResolveAsync(async c => await Service<ThemeQueries>(c).ListAsync());

        ListField<FigureGraphType, FigureFilterGraphType>("figures", "Figures, filtered and sorted like REST /api/v1/figures.", "id", FigureQueries.Sorts)
            .ResolveAsync(async c =>
            {
                var (filter, first, sort) = ListArguments(c, FigureQueries.Sorts, "id");
                var vocabulary = Service<Vocabulary>(c);
                var theme = Filters.Theme("theme", filter.Theme, vocabulary);
                var region = await Service<RegionQueries>(c).ResolveFilterAsync("region", filter.Region);
                var years = filter.YearsOrUnknown();
                var (from, to) = (years.From, years.To);
                var kind = Filters.FigureKind("kind", filter.Kind, vocabulary);
                var sample = Filters.Sample("sample", filter.Sample);
                var reform = filter.Reform;
                var source = Filters.Source("source", filter.Source, vocabulary);
                var subjectType = Validate.OneOf("subjectType", filter.SubjectType, Vocabulary.SubjectTypes);
                var fingerprint = Cursor.FingerprintOf("figures", theme, region?.Slug, years.FromKey, to, kind, sample, reform, source, subjectType, sort.Name);
                var after = Connections.After(c.GetArgument<string?>("after"), fingerprint);
                var where = new FigureQueries.Filter(theme, region?.Path, from, to, kind, sample, reform, source, subjectType, NoYear: years.Unknown);
                var queries = Service<FigureQueries>(c);
                var rows = await queries.ListAsync(where, sort, after, first + 1);
                var connection = Connections.Create(rows, first, await queries.CountAsync(where), r => new Cursor(r.SortKey, r.Id, fingerprint));
                return Connections.Map(connection, FigureDto.From);
            });

        ListField<MilestoneGraphType, MilestoneFilterGraphType>("milestones", "Dated events, filtered and sorted like REST /api/v1/milestones.", "date", MilestoneQueries.Sorts)
            .ResolveAsync(async c =>
            {
                var (filter, first, sort) = ListArguments(c, MilestoneQueries.Sorts, "date");
                var region = await Service<RegionQueries>(c).ResolveFilterAsync("region", filter.Region);
                var (from, to) = filter.Years();
                var source = Filters.Source("source", filter.Source, Service<Vocabulary>(c));
                var fingerprint = Cursor.FingerprintOf("milestones", region?.Slug, from, to, source, sort.Name);
                var after = Connections.After(c.GetArgument<string?>("after"), fingerprint);
                var where = new MilestoneQueries.Filter(region?.Path, from, to, source);
                var queries = Service<MilestoneQueries>(c);
                var rows = await queries.ListAsync(where, sort, after, first + 1);
                var connection = Connections.Create(rows, first, await queries.CountAsync(where), r => new Cursor(r.SortKey, r.Id, fingerprint));
                return Connections.Map(connection, MilestoneDto.From);
            });

        Field<HonorGraphType>("honor")
            .Description("One honor by slug; null when none has it.")
            .Argument<NonNullGraphType<StringGraphType>>("slug", "The honor's slug.")
            .Resolve(c => c.Loaders().Honors.Load(c.GetArgument<string>("slug")).Then(h => h is null ? null : HonorDto.From(h)));
        ListField<HonorGraphType, HonorFilterGraphType>("honors", "Honors, titles and rankings on named lists, filtered and sorted like REST /api/v1/honors.", "id", HonorQueries.Sorts)
            .ResolveAsync(async c =>
            {
                var (filter, first, sort) = ListArguments(c, HonorQueries.Sorts, "id");
                var region = await Service<RegionQueries>(c).ResolveFilterAsync("region", filter.Region);
                var years = filter.YearsOrUnknown();
                var (from, to) = (years.From, years.To);
                var source = Filters.Source("source", filter.Source, Service<Vocabulary>(c));
                // REST's fingerprint (ranked as a bool?), so REST and GraphQL cursors of one listing stay interchangeable.
                var fingerprint = Cursor.FingerprintOf("honors", region?.Slug, years.FromKey, to, source, filter.Ranked, sort.Name);
                var after = Connections.After(c.GetArgument<string?>("after"), fingerprint);
                var where = new HonorQueries.Filter(region?.Path, from, to, source, filter.Ranked, years.Unknown);
                var queries = Service<HonorQueries>(c);
                var rows = await queries.ListAsync(where, sort, after, first + 1);
                var connection = Connections.Create(rows, first, await queries.CountAsync(where), r => new Cursor(r.SortKey, r.Id, fingerprint));
                return Connections.Map(connection, HonorDto.From);
            });

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SourceGraphType>>>>("sources")
            .Description("All source documents (five articles and reports). A short, fixed list, so not paged.")
            .ResolveAsync(async c => (await Service<SourceQueries>(c).ListAsync())
                .Select(s => new SourceRefRow { Id = s.Id, TitleZh = s.TitleZh, TitleEn = s.TitleEn, PublicationZh = s.PublicationZh, Date = s.Date, DateInferred = s.DateInferred })
                .ToList());

        this.AddSearchField();
        this.AddSuggestField();
        Versions.VersionGraphFields.AddVersionsField(this);
    }

    /// <summary>The samples connection, as REST's list (the resolver's and the compiled path's: <see cref="CompiledQuery"/>).</summary>
    public static async Task<Connection<SampleRow>> SamplesAsync(IServiceProvider services, SampleFilterInput? filter, int? firstArgument, string? afterArgument)
    {
        filter ??= new SampleFilterInput();
        var theme = Filters.Theme("theme", filter.Theme, services.GetRequiredService<Vocabulary>());
        var region = await services.GetRequiredService<RegionQueries>().ResolveFilterAsync("region", filter.Region);
        var first = Connections.First(firstArgument);
        var fingerprint = Cursor.FingerprintOf("samples", theme, region?.Slug);
        var after = Connections.After(afterArgument, fingerprint);
        var queries = services.GetRequiredService<SampleQueries>();
        var where = new SampleQueries.Filter(theme, region?.Slug, region?.Path);
        var rows = await queries.ListAsync(where, (int)(after?.Id ?? 0), first + 1);
        var total = await queries.CountAsync(where);
        return Connections.Create(rows, first, total, s => new Cursor(null, s.Number, fingerprint));
    }

    /// <summary>The reforms connection, as REST's list (the resolver's and the compiled path's).</summary>
    public static Task<Connection<ReformRow>> ReformsAsync(IServiceProvider services, ListFilterInput? filter, int? firstArgument, string? afterArgument, string? sortArgument) =>
        ReformsAsync(services, filter, firstArgument, afterArgument, sortArgument, (queries, where, sort, after, limit) => queries.ListAsync(where, sort, after, limit),
            r => (r.SortKey, r.Id));

    /// <summary>The reforms connection with its page read by <paramref name="list"/> (full rows, or the compiled path's keys and stored documents).</summary>
    public static async Task<Connection<TRow>> ReformsAsync<TRow>(IServiceProvider services, ListFilterInput? filter, int? firstArgument, string? afterArgument, string? sortArgument,
        Func<ReformQueries, ReformQueries.Filter, SortOption, Cursor?, int, Task<IReadOnlyList<TRow>>> list, Func<TRow, (string? SortKey, long Id)> cursorOf)
    {
        filter ??= new ListFilterInput();
        var sort = ReformQueries.Sorts[Validate.OneOf("sort", sortArgument, ReformQueries.Sorts.Keys.ToList()) ?? "id"];
        var first = Connections.First(firstArgument);
        var vocabulary = services.GetRequiredService<Vocabulary>();
        var theme = Filters.Theme("theme", filter.Theme, vocabulary);
        var region = await services.GetRequiredService<RegionQueries>().ResolveFilterAsync("region", filter.Region);
        var years = filter.YearsOrUnknown();
        var (from, to) = (years.From, years.To);
        var pilotLevel = Filters.PilotLevel("pilotLevel", filter.PilotLevel);
        var sample = Filters.Sample("sample", filter.Sample);
        var source = Filters.Source("source", filter.Source, vocabulary);
        var fingerprint = Cursor.FingerprintOf("reforms", theme, region?.Slug, years.FromKey, to, pilotLevel, sample, source, sort.Name);
        var after = Connections.After(afterArgument, fingerprint);
        var where = new ReformQueries.Filter(theme, region?.Path, from, to, pilotLevel, sample, source, years.Unknown);
        var queries = services.GetRequiredService<ReformQueries>();
        var rows = await list(queries, where, sort, after, first + 1);
        return Connections.Create(rows, first, await queries.CountAsync(where), r =>
        {
            var (key, id) = cursorOf(r);
            return new Cursor(key, id, fingerprint);
        });
    }

    private static T Service<T>(IResolveFieldContext context) where T : notnull => context.RequestServices!.GetRequiredService<T>();

    private FieldBuilder<object?, object> ListField<TNode, TFilter>(string name, string description, string defaultSort, IReadOnlyDictionary<string, SortOption> sorts)
        where TNode : IGraphType where TFilter : IGraphType =>
        Field<NonNullGraphType<ConnectionType<TNode>>>(name)
            .Description(description)
            .Argument<IntGraphType>("first", "Page size, 1-100 (default 20).")
            .Argument<StringGraphType>("after", "Return the records after this cursor (an `endCursor` or edge `cursor` from the previous page).")
            .Argument<TFilter>("filter", "Filters, as REST's query parameters (same names, rules and messages).")
            .Argument<StringGraphType>("sort", $"Sort order, as REST's `sort`: one of {string.Join(", ", sorts.Keys)} (default {defaultSort}; '-' for descending).");

    private static (ListFilterInput Filter, int First, SortOption Sort) ListArguments(
        IResolveFieldContext context, IReadOnlyDictionary<string, SortOption> sorts, string defaultSort)
    {
        var filter = context.GetArgument<ListFilterInput?>("filter") ?? new ListFilterInput();
        var sort = sorts[Validate.OneOf("sort", context.GetArgument<string?>("sort"), sorts.Keys.ToList()) ?? defaultSort];
        return (filter, Connections.First(context.GetArgument<int?>("first")), sort);
    }

    private static object? LoadNode(IResolveFieldContext context, string id, string argument)
    {
        var (type, key) = GlobalId.Decode(id, argument);
        var loaders = context.Loaders();
        return type switch
        {
            SampleGraphType.TypeName when int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var number) => loaders.Samples.Load(number),
            RegionGraphType.TypeName => loaders.Regions.Load(key),
            ReformGraphType.TypeName => loaders.ReformsBySlug.Load(key),
            ThemeGraphType.TypeName => loaders.Themes.Load(key),
            MilestoneGraphType.TypeName => loaders.Milestones.Load(key).Then(m => m is null ? null : MilestoneDto.From(m)),
            HonorGraphType.TypeName => loaders.Honors.Load(key).Then(h => h is null ? null : HonorDto.From(h)),
            SourcePassageGraphType.TypeName => loaders.Passages.Load(key),
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
