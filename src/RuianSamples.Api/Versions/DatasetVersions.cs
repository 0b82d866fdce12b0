using System.Globalization;
using System.Text.Json.Nodes;
using RuianSamples.Api.Common;
using RuianSamples.Api.Data;
using RuianSamples.Api.Partners;

namespace RuianSamples.Api.Versions;

/// <summary>A record's fields (by the write shape's paths) and its revision number at a pinned version.</summary>
public sealed record RecordAtVersion(Dictionary<string, JsonNode?> Fields, long Revision);

/// <summary>
/// A read pinned to a dataset version (<c>?version=</c>): the revisions committed after it, by
/// record, newest first. A record is rebuilt by undoing them from the current one (each revision
/// stores the fields it changed, before → after), so it works for any record type the revisions
/// table holds; the feature turns the rebuilt fields into its representation.
/// </summary>
public sealed class VersionPin
{
    private readonly Dictionary<(string Type, string Key), List<PartnerQueries.RevisionRow>> _after;

    internal VersionPin(long generation, IEnumerable<PartnerQueries.RevisionRow> after)
    {
        Generation = generation;
        _after = after.GroupBy(r => (r.RecordType, r.RecordKey)).ToDictionary(g => g.Key, g => g.ToList());
    }

    public long Generation { get; }

    public string Version => Generation.ToString(CultureInfo.InvariantCulture);

    /// <summary>The record's revisions after the pinned version, newest first (none: it is as it was).</summary>
    public IReadOnlyList<PartnerQueries.RevisionRow> After(string type, string key) => _after.GetValueOrDefault((type, key)) ?? [];

    /// <summary>Keys of the records of this type changed after the pinned version.</summary>
    public IReadOnlySet<string> ChangedKeys(string type) => _after.Keys.Where(k => k.Type == type).Select(k => k.Key).ToHashSet(StringComparer.Ordinal);

    /// <summary>True when a revision after the pinned version changed a field under <paramref name="prefix"/> (e.g. "subject.").</summary>
    public bool Changed(string type, string key, string prefix) =>
        After(type, key).Any(r => JsonNode.Parse(r.Changes) is JsonObject changes && changes.Any(c => c.Key.StartsWith(prefix, StringComparison.Ordinal)));

    /// <summary>
    /// The record's fields as they were at the pinned version, undoing each later revision's changes
    /// (a pseudo-field such as <c>retracted</c> is undone like any other); null when it was created later.
    /// </summary>
    public RecordAtVersion? Rewind(string type, string key, IReadOnlyDictionary<string, JsonNode?> current, long currentRevision)
    {
        var fields = current.ToDictionary(f => f.Key, f => f.Value?.DeepClone(), StringComparer.Ordinal);
        var revisions = After(type, key);
        if (revisions.Count == 0) return new RecordAtVersion(fields, currentRevision);
        if (revisions.Any(r => r.Action == "create")) return null;
        foreach (var revision in revisions)
            if (JsonNode.Parse(revision.Changes) is JsonObject changes)
                foreach (var (path, change) in changes)
                    fields[path] = change?["before"]?.DeepClone();
        return new RecordAtVersion(fields, revisions[^1].Revision - 1);
    }

    /// <summary>The 404 for a record that is unknown, or that did not exist yet at the pinned version (saying when it was created).</summary>
    public Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NotFound(string type, string key) =>
        After(type, key).FirstOrDefault(r => r.Action == "create") is { } created
            ? ApiProblems.Problem("not-found", $"The {type} '{key}' did not exist at dataset version {Version}: it was created at version {created.DatasetVersion}. Read it without version=, or at a later version.")
            : ApiProblems.NotFound(type, key);

    /// <summary>
    /// For a record type whose fields this build does not rebuild yet: refused (404) if the record
    /// changed after the pinned version, rather than answering with today's fields under an old version.
    /// </summary>
    public void RequireUnchanged(string type, string key)
    {
        var revisions = After(type, key);
        if (revisions.Count > 0 && revisions.All(r => r.Action != "create"))
            throw new ApiInputException("version-not-found", DatasetVersions.Parameter,
                $"The {type} '{key}' was changed after dataset version {Version} (revision {revisions[^1].Revision}, version {revisions[^1].DatasetVersion}), and this build cannot rebuild a {type}'s fields as they were. Read it without version=.");
    }

    /// <summary>A Link to the current record when it changed after the pinned version (RFC 5829's latest-version).</summary>
    public void LinkLatest(HttpContext http, string type, string key, string path)
    {
        if (After(type, key).Count > 0) http.Response.Headers.Append("Link", $"<{path}>; rel=\"latest-version\"");
    }
}

/// <summary>
/// Reads <c>?version=</c> and says which versions can be read back: those from the import that
/// stands (the newest version that no partner write made: the first import, or the last re-import,
/// which replaced every record) to the current one.
/// </summary>
public sealed class DatasetVersions(CatalogDb db, VersionQueries queries)
{
    public const string Parameter = "version";

    public static long GenerationOf(string version) => DatasetVersion.Parse(version).Generation;

    /// <summary>The version the import that stands made: the newest one without revisions.</summary>
    public async Task<long> FloorAsync(long current)
    {
        var floor = current;
        foreach (var written in await queries.WriteGenerationsAsync())
        {
            if (written > floor) continue;
            if (written < floor) break;
            floor--;
        }
        return Math.Max(floor, 1);
    }

    /// <summary>True when the request names a version (<c>?version=</c>): it is read by rebuilding, never from stored documents.</summary>
    public static bool IsPinned(HttpContext http) => !string.IsNullOrEmpty(http.Request.Query[Parameter]);

    /// <summary>
    /// The request's pinned version, or null without <c>?version=</c>. A malformed version is a 400;
    /// one newer than the current or older than the import that stands, a 404 (version-not-found).
    /// Marks the response as pinned (immutable, X-Dataset-Version the pinned one).
    /// </summary>
    public async Task<VersionPin?> PinAsync(HttpContext http)
    {
        var pin = await PinAsync(http.Request.Query[Parameter].ToString());
        if (pin is not null) PinnedResponse.Mark(http, pin.Version);
        return pin;
    }

    /// <summary>The pin for a version given as text (REST's query parameter, GraphQL's argument), with the same rules and messages.</summary>
    public async Task<VersionPin?> PinAsync(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        if (text.Length > 18 || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var generation) || generation < 1)
            throw new ApiInputException("invalid-parameter", Parameter,
                $"'{(text.Length > 30 ? text[..30] + "…" : text)}' is not a dataset version: versions are whole numbers 1, 2, 3 … (GET /api/v1/versions lists them).");
        var current = GenerationOf(db.Version);
        if (generation > current)
            throw new ApiInputException("version-not-found", Parameter, $"Dataset version {generation} does not exist: the current version is {current}.");
        var floor = await FloorAsync(current);
        if (generation < floor)
            throw new ApiInputException("version-not-found", Parameter,
                $"Dataset version {generation} predates the re-import that made version {floor}: a re-import replaces every record, so records cannot be rebuilt as they were before it. Versions {floor} to {current} can be read (GET /api/v1/versions).");
        return new VersionPin(generation, generation == current ? [] : await queries.AfterAsync(generation));
    }
}
