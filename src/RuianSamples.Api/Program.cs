using RuianSamples.Api.Common;
using RuianSamples.Api.Data;
using RuianSamples.Api.GraphQL;
using RuianSamples.Api.Health;
using RuianSamples.Api.Samples;

var builder = WebApplication.CreateBuilder(args);

if (args is [var command, ..] && CatalogCommands.IsCommand(command))
    return CatalogCommands.Run(builder, args);

builder.AddCatalogData();
builder.AddApiHttp();
builder.AddApiDocs();
builder.AddCatalogGraphQL();

var app = builder.Build();
app.UseApiHttp();
app.UseApiDocs();
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
app.MapSamples();
app.MapCatalogGraphQL();

app.Run();
return 0;

/// <summary>The entry point, visible to WebApplicationFactory.</summary>
public partial class Program;
