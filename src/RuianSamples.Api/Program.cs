using RuianSamples.Api.Bench;
using RuianSamples.Api.Catalog;
using RuianSamples.Api.Citations;
using RuianSamples.Api.Common;
using RuianSamples.Api.Data;
using RuianSamples.Api.GraphQL;
using RuianSamples.Api.Health;
using RuianSamples.Api.Honors;
using RuianSamples.Api.Milestones;
using RuianSamples.Api.Partners;
using RuianSamples.Api.Operations;
using RuianSamples.Api.Export;
using RuianSamples.Api.Figures;
using RuianSamples.Api.Reforms;
using RuianSamples.Api.Regions;
using RuianSamples.Api.Samples;
using RuianSamples.Api.Site;
using RuianSamples.Api.Search;
using RuianSamples.Api.Sources;
using RuianSamples.Api.Themes;
using RuianSamples.Api.Versions;

var builder = WebApplication.CreateBuilder(ShippedSettings.HostArgs(args));

if (args is [var command, ..] && CatalogCommands.IsCommand(command))
    return CatalogCommands.Run(builder, args);
if (CatalogCommands.MisplacedCommand(args) is { } misplaced)
{
    Console.Error.WriteLine(misplaced);
    return 2;
}

builder.AddShippedSettings(args);
builder.AddStartupJitProfile();
builder.AddObservability();
builder.AddIdleMemoryTrim();
builder.AddApiRateLimiting();
builder.AddCatalogData();
builder.AddApiHttp();
builder.AddApiDocs();
builder.AddSearch();
builder.AddCitations();
builder.AddVersions();
builder.AddBench();
builder.AddCatalogGraphQL();
builder.AddPartnerWrites();
builder.AddSite();

var app = builder.Build();
// First: a database that cannot serve stops the start with one line and an exit code, before anything else resolves it.
if (app.OpenCatalog() is { } exitCode) return exitCode;
app.UseObservability();
app.UseIdleMemoryTrim();
app.UseSecurityHeaders();
app.UseHeadAsGet();
app.UseSite();
app.UseApiHttp();
app.UseApiDocs();
app.UsePartnerWrites();

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
app.MapCitations();
app.MapExports();
app.MapChanges();
app.MapVersions();
app.MapSearch();
app.MapBench();
app.MapCatalogGraphQL();
app.MapSite();

app.Run();
return 0;

/// <summary>The entry point, visible to WebApplicationFactory.</summary>
public partial class Program;
