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

    /// <summary>"sqlite" (the default: one file, no server) or "postgres" (with ConnectionStrings:Catalog).</summary>
    public string Engine { get; set; } = "sqlite";

    /// <summary>The Npgsql connection string (ConnectionStrings:Catalog) when <see cref="Engine"/> is postgres.</summary>
    public string? ConnectionString { get; set; }

    public CatalogEngine ResolvedEngine => Engine.Trim().ToLowerInvariant() switch
    {
        "sqlite" or "" => CatalogEngine.Sqlite,
        "postgres" or "postgresql" => CatalogEngine.Postgres,
        _ => throw new CatalogUnavailableException(CatalogUnavailableException.Damaged, $"Catalog:Engine is '{Engine}'; use sqlite or postgres."),
    };

    /// <summary>The "Catalog" section and ConnectionStrings:Catalog.</summary>
    public static CatalogOptions From(IConfiguration configuration)
    {
        var options = new CatalogOptions();
        configuration.GetSection(Section).Bind(options);
        options.ConnectionString ??= configuration.GetConnectionString("Catalog");
        return options;
    }

    public string ResolvedSeedsDirectory =>
        Path.GetFullPath(SeedsDirectory ?? Path.Combine(AppContext.BaseDirectory, "seeds"));
}
