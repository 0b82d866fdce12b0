using GraphQL;
using GraphQL.Types;
using GraphQL.Types.Relay;
using RuianSamples.Api.GraphQL;

namespace RuianSamples.Api.Versions;

/// <summary>GraphQL's DatasetVersion: REST's /api/v1/versions item.</summary>
public sealed class DatasetVersionGraphType : ObjectGraphType<DatasetVersionDto>
{
    public DatasetVersionGraphType()
    {
        Name = "DatasetVersion";
        Description = "One dataset version: what made it (the first import, a re-import, or a partner write), when, its revisions, and whether records can be read at it (atVersion).";
        Field(x => x.Version).Description("The version: 1, 2, 3 … (the argument of atVersion, REST's version=).");
        Field(x => x.Made).Description("import (the first), reimport (every record replaced) or partner-write.");
        Field(x => x.At, nullable: true).Description("When (UTC, ISO 8601): a partner write's time, or the standing import's; null for earlier imports (no time kept).");
        Field(x => x.Changes).Description("How many revisions the version holds.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<VersionChangeGraphType>>>>("revisions").Description("The revisions that made it.").Resolve(c => c.Source.Revisions);
        Field(x => x.Readable).Description("True when records can be read back at this version (from the import that stands on).");
    }
}

/// <summary>One revision of a version.</summary>
public sealed class VersionChangeGraphType : ObjectGraphType<VersionChange>
{
    public VersionChangeGraphType()
    {
        Name = "VersionChange";
        Description = "A revision a dataset version holds: which record, what was done, by which agency, why, and the fields changed.";
        Field(x => x.RecordType).Description("figure, reform or source.");
        Field(x => x.RecordKey).Description("The record's key (a figure's key, a reform's slug, a source's id).");
        Field<NonNullGraphType<IntGraphType>>("revision").Description("The record's revision number after this change.").Resolve(c => (int)c.Source.Revision);
        Field(x => x.Action).Description("create, correct or retract.");
        Field<NonNullGraphType<StringGraphType>>("agency").Description("The key's name (the agency).").Resolve(c => c.Source.Agency.Name);
        Field(x => x.Comment, nullable: true).Description("Why, as the agency said.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("fields").Description("The fields changed.").Resolve(c => c.Source.Fields);
        Field(x => x.Url).Description("The record's REST URL at this version.");
    }
}

public static class VersionGraphFields
{
    /// <summary>The root query's <c>versions</c>: REST's /api/v1/versions as a Relay connection (same data, cursors and limits).</summary>
    public static void AddVersionsField(this ObjectGraphType query) =>
        query.Field<NonNullGraphType<ConnectionType<DatasetVersionGraphType>>>("versions")
            .Description("The dataset versions, newest first (REST GET /api/v1/versions): what made each, when, its revisions, and whether records can be read at it "
                + "(atVersion on Figure, Reform, PracticeSample and Source).")
            .Argument<IntGraphType>("first", "Page size, 1-100 (default 20).")
            .Argument<StringGraphType>("after", "Return the versions after this cursor (an `endCursor` or edge `cursor` from the previous page).")
            .ResolveAsync(async c =>
            {
                var first = Connections.First(c.GetArgument<int?>("first"));
                var after = Connections.After(c.GetArgument<string?>("after"), DatasetVersions.Fingerprint);
                var (items, total) = await c.RequestServices!.GetRequiredService<DatasetVersions>().ListAsync(first + 1, after);
                return Connections.Create(items, first, total, DatasetVersions.CursorOf);
            });
}
