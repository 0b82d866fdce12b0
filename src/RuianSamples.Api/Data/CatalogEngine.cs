namespace RuianSamples.Api.Data;

/// <summary>
/// Where the catalog lives: one SQLite file (the embedded default: <c>dotnet run</c> needs no
/// server) or one PostgreSQL database shared by several API instances. One query layer serves both.
/// </summary>
public enum CatalogEngine
{
    Sqlite,
    Postgres,
}
