using RuianSamples.Api.Figures;
using RuianSamples.Api.Reforms;
using RuianSamples.Api.Regions;
using RuianSamples.Api.Samples;
using RuianSamples.Api.Sources;
using RuianSamples.Api.Themes;

namespace RuianSamples.Api.GraphQL;

/// <summary>How a GraphQL field is read from a stored document (Materialised/): the JSON the REST record holds at a path.</summary>
public enum ProjectionKind
{
    /// <summary>The JSON value as it is (a scalar, or null).</summary>
    Copy,

    /// <summary>A JSON object or array of objects, projected through <see cref="Projection.Shape"/>.</summary>
    Nested,

    /// <summary>The Relay global ID of <see cref="Projection.IdType"/> and the scalar at the path.</summary>
    GlobalId,

    /// <summary>The record's source (its <c>sources</c> entry) whose id is the string at the path.</summary>
    SourceOf,

    /// <summary>
    /// A field of another record, found by the key at the path (<see cref="Projection.Relation"/>): read from that record's
    /// JSON through <see cref="Projection.Inner"/>, or, without one, the related record itself through <see cref="Projection.Shape"/>.
    /// </summary>
    Related,
}

/// <summary>How a <see cref="ProjectionKind.Related"/> field finds its record (GraphQL/RelatedDocuments.cs).</summary>
public enum Relation
{
    /// <summary>The sample whose number is at the path: its stored document.</summary>
    SampleByNumber,

    /// <summary>The parent of the region whose slug is at the path (null at the top), as a reference (RegionRef).</summary>
    ParentRegion,
}

public sealed record Projection(ProjectionKind Kind, string[] Path, DocumentShape? Shape = null, string? IdType = null,
    Relation? Relation = null, Projection? Inner = null);

/// <summary>
/// A JSON object of a stored document seen as a GraphQL object type: the fields that can be read from it, each checked
/// against its resolver (CompiledPathTests proves the bytes equal). A field missing here (a relation the document does
/// not embed, an argument, a citation line built per request) sends the whole operation to GraphQL.NET's executor.
/// </summary>
public sealed class DocumentShape(string typeName, Dictionary<string, Projection> fields)
{
    public string TypeName { get; } = typeName;

    public IReadOnlyDictionary<string, Projection> Fields { get; } = fields;

    /// <summary>Field names the REST JSON and the GraphQL type share, read as they are.</summary>
    public static Dictionary<string, Projection> Same(params string[] names) => names.ToDictionary(n => n, n => new Projection(ProjectionKind.Copy, [n]), StringComparer.Ordinal);
}

/// <summary>The shapes of the sample's and reform's stored documents (SampleDto, ReformDto and what they embed).</summary>
public static class DocumentShapes
{
    private static Projection Copy(params string[] path) => new(ProjectionKind.Copy, path);
    private static Projection Nested(DocumentShape shape, params string[] path) => new(ProjectionKind.Nested, path, shape);
    private static Projection Id(string type, string key) => new(ProjectionKind.GlobalId, [key], IdType: type);

    // A field of the related record, read there as that record's own shape reads it.
    private static Projection Related(Relation relation, Projection inner, params string[] keyPath) =>
        new(ProjectionKind.Related, keyPath, inner.Shape, Relation: relation, Inner: inner);

    /// <summary>A shape whose fields may refer to the shape itself (a region's parent is a region).</summary>
    private static DocumentShape Recursive(string type, Dictionary<string, Projection> fields, Func<DocumentShape, (string Name, Projection Projection)[]> more)
    {
        var shape = new DocumentShape(type, fields);
        foreach (var (name, projection) in more(shape)) fields[name] = projection;
        return shape;
    }

    // The parent region of the region whose slug is read, as a region reference: the executor loads the same row.
    private static Projection ParentOf(DocumentShape region) => new(ProjectionKind.Related, ["slug"], region, Relation: Relation.ParentRegion);

    private static DocumentShape With(string type, Dictionary<string, Projection> fields, params (string Name, Projection Projection)[] more)
    {
        foreach (var (name, projection) in more) fields[name] = projection;
        return new DocumentShape(type, fields);
    }

    public static readonly DocumentShape Label = new("Label", DocumentShape.Same("zh", "en", "enIsTranslation"));

    // SourceRef: GraphQL's sourceId is the JSON's id; publication is the Chinese one on both.
    public static readonly DocumentShape Source = With(SourceGraphType.TypeName, DocumentShape.Same("publication", "date", "dateInferred", "url", "htmlUrl"),
        ("id", Id(SourceGraphType.TypeName, "id")), ("sourceId", Copy("id")), ("title", Nested(Label, "title")));

    private static Projection SourceOf(params string[] path) => new(ProjectionKind.SourceOf, path, Source);

    // RegionRef (a sample's regions, a reform's region) and RegionLabelRef (a figure's region: no code or level).
    // Either one's parent is a full region reference (the executor loads the parent's row for both).
    public static readonly DocumentShape Region = Recursive(RegionGraphType.TypeName, DocumentShape.Same("slug", "code", "level"), self =>
        [("id", Id(RegionGraphType.TypeName, "slug")), ("name", Nested(Label, "name")), ("parent", ParentOf(self))]);

    public static readonly DocumentShape RegionLabel = With(RegionGraphType.TypeName, DocumentShape.Same("slug"),
        ("id", Id(RegionGraphType.TypeName, "slug")), ("name", Nested(Label, "name")), ("parent", ParentOf(Region)));

    // ThemeRef and ThemeLabelRef: the counts and position are not in the documents.
    public static readonly DocumentShape Theme = With(ThemeGraphType.TypeName, DocumentShape.Same("slug"),
        ("id", Id(ThemeGraphType.TypeName, "slug")), ("name", Nested(Label, "name")));

    public static readonly DocumentShape FirstClaim = With("FirstClaim", DocumentShape.Same("claim", "scope", "quote", "sourceId"), ("source", SourceOf("sourceId")));

    public static readonly DocumentShape Citation = With("Citation",
        DocumentShape.Same("sourceId", "publication", "byline", "date", "dateInferred", "sourceUrl", "quote", "quoteOffset", "passageUrl"),
        ("sourceTitle", Nested(Label, "sourceTitle")), ("cite", Nested(Label, "cite")));

    public static readonly DocumentShape Figure = With(FigureGraphType.TypeName,
        DocumentShape.Same("value", "valueText", "unit", "baseValue", "baseUnit", "qualifier", "qualifierText", "period", "year", "periodInferred", "periodBasis",
            "kind", "url", "revision"),
        ("id", Id(FigureGraphType.TypeName, "id")), ("key", Copy("id")), ("subjectType", Copy("subject", "type")), ("indicator", Nested(Label, "indicator")),
        ("baseline", Nested(new DocumentShape("Baseline", DocumentShape.Same("value", "valueText", "unit", "period", "change", "changePercent")), "baseline")),
        ("region", Nested(RegionLabel, "region")), ("citation", Nested(Citation, "citation")), ("source", SourceOf("citation", "sourceId")),
        ("retraction", Nested(new DocumentShape("Retraction", DocumentShape.Same("at", "by", "comment")), "retraction")));

    /// <summary>A reform as a sample's document lists it (ReformRef).</summary>
    public static readonly DocumentShape ReformRef = With(ReformGraphType.TypeName, DocumentShape.Same("slug", "url", "htmlUrl"),
        ("id", Id(ReformGraphType.TypeName, "slug")), ("name", Nested(Label, "name")));

    /// <summary>A sample's stored document (SampleDto).</summary>
    public static readonly DocumentShape Sample = With(SampleGraphType.TypeName, DocumentShape.Same("number", "slug", "url", "htmlUrl"),
        ("id", Id(SampleGraphType.TypeName, "number")), ("title", Nested(Label, "title")), ("summary", Nested(Label, "summary")),
        ("themeInferred", Copy("theme", "inferred")), ("themeBasis", Copy("theme", "basis")), ("theme", Nested(Theme, "theme")),
        ("regions", Nested(Region, "regions")), ("measures", Nested(Label, "measures")), ("firsts", Nested(FirstClaim, "firsts")),
        ("figures", Nested(Figure, "figures")), ("sources", Nested(Source, "sources")), ("reforms", Nested(ReformRef, "reforms")));

    /// <summary>
    /// A sample as a reform's document lists it (SampleLabelRef): what the reference holds read there, every other field of
    /// the sample read from the sample's own document (the executor loads the whole sample for either).
    /// </summary>
    public static readonly DocumentShape SampleRef = With(SampleGraphType.TypeName,
        Sample.Fields.ToDictionary(f => f.Key, f => Related(Relation.SampleByNumber, f.Value, "number"), StringComparer.Ordinal),
        ("number", Copy("number")), ("slug", Copy("slug")), ("url", Copy("url")), ("htmlUrl", Copy("htmlUrl")),
        ("id", Id(SampleGraphType.TypeName, "number")), ("title", Nested(Label, "title")));

    /// <summary>A reform's stored document (ReformDto).</summary>
    public static readonly DocumentShape Reform = With(ReformGraphType.TypeName,
        DocumentShape.Same("slug", "themesInferred", "themesBasis", "sourceId", "revision", "url", "htmlUrl"),
        ("id", Id(ReformGraphType.TypeName, "slug")), ("name", Nested(Label, "name")), ("description", Nested(Label, "description")),
        ("region", Nested(Region, "region")),
        ("startYear", Nested(new DocumentShape("StartYear", DocumentShape.Same("year", "inferred", "quote", "basis")), "startYear")),
        ("pilotLevel", Nested(new DocumentShape("PilotLevel", DocumentShape.Same("level", "quote")), "pilotLevel")),
        ("themes", Nested(Theme, "themes")), ("firsts", Nested(FirstClaim, "firsts")), ("samples", Nested(SampleRef, "samples")),
        ("figures", Nested(Figure, "figures")), ("sources", Nested(Source, "sources")));
}
