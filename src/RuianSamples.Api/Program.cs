using RuianSamples.Api.Bench;
using RuianSamples.Api.Catalog;
using RuianSamples.Api.Common;
using RuianSamples.Api.Data;
using RuianSamples.Api.GraphQL;
using RuianSamples.Api.Health;
using RuianSamples.Api.Honors;
using RuianSamples.Api.Milestones;
using RuianSamples.Api.Partners;
using RuianSamples.Api.Export;
using RuianSamples.Api.Figures;
using RuianSamples.Api.Reforms;
using RuianSamples.Api.Regions;
using RuianSamples.Api.Samples;
using RuianSamples.Api.Search;
using RuianSamples.Api.Sources;
using RuianSamples.Api.Themes;

var builder = WebApplication.CreateBuilder(args);

if (args is [var command, ..] && CatalogCommands.IsCommand(command))
    return CatalogCommands.Run(builder, args);

builder.AddCatalogData();
builder.AddApiHttp();
builder.AddApiDocs();
builder.AddSearch();
builder.AddBench();
builder.AddCatalogGraphQL();
builder.AddPartnerWrites();

var app = builder.Build();
app.UseApiHttp();
app.UseApiDocs();
app.UsePartnerWrites();
try
{
    app.UseCatalogData();
}
catch (RuianSamples.Api.Data.Seeding.SeedValidationException e)
{
    // A bad seed is a curator's mistake, not a crash: say which file and record, change nothing.
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine("The database was not created. Fix the seeds and start again.");
    return 2;
}

app.MapHealth();
app.MapCatalogIndex();
app.MapSamples();
app.MapReforms();
app.MapRegions();
app.MapThemes();
app.MapFigures();
app.MapMilestones();
app.MapHonors();
app.MapSources();
app.MapExports();
app.MapChanges();
app.MapSearch();
app.MapBench();
app.MapCatalogGraphQL();

app.Run();
return 0;

/// <summary>The entry point, visible to WebApplicationFactory.</summary>
public partial class Program;
