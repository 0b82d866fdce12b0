namespace RuianSamples.Api.Data;

/// <summary>Where the catalog lives. Bound from the "Catalog" configuration section.</summary>
public sealed class CatalogOptions
{
    public const string Section = "Catalog";

    /// <summary>Directory for the database file; created when missing.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Database file; relative paths are under <see cref="DataDirectory"/>.</summary>
    public string DatabaseFile { get; set; } = "catalog.db";

    /// <summary>The curated seeds directory (see seeds/README.md). Defaults to the copy next to the binaries.</summary>
    public string? SeedsDirectory { get; set; }

    public string DatabasePath => Path.GetFullPath(Path.Combine(DataDirectory, DatabaseFile));

    public string ResolvedSeedsDirectory =>
        Path.GetFullPath(SeedsDirectory ?? Path.Combine(AppContext.BaseDirectory, "seeds"));
}
