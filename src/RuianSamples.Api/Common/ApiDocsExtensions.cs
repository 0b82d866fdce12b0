using Microsoft.OpenApi;

namespace RuianSamples.Api.Common;

public static class ApiDocsExtensions
{
    public static WebApplicationBuilder AddApiDocs(this WebApplicationBuilder builder)
    {
        builder.Services.AddEndpointsApiExplorer();
        builder.Services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "RuianSamples API",
                Version = "v1",
                Description = "Wenzhou's ten common-prosperity practice samples (温州共同富裕十大实践样本) and Rui'an's reforms, "
                    + "as a citable catalog: every figure carries its source and a verbatim quote. English texts are RuianSamples translations.",
                License = new OpenApiLicense { Name = "MIT (code); the data quotes the cited sources", Identifier = "MIT" },
            });
            o.AddServer(new OpenApiServer { Url = "/", Description = "This server" });
            o.DocumentFilter<CatalogDocumentFilter>();
            o.OperationFilter<ParameterDocsFilter>();
            var xml = Path.Combine(AppContext.BaseDirectory, "RuianSamples.Api.xml");
            if (File.Exists(xml)) o.IncludeXmlComments(xml);
        });
        return builder;
    }

    /// <summary>Tag descriptions, and the statement that operations are public unless they say otherwise (partner writes need a key).</summary>
    private sealed class CatalogDocumentFilter : Swashbuckle.AspNetCore.SwaggerGen.IDocumentFilter
    {
        private static readonly Dictionary<string, string> Tags = new()
        {
            ["Catalog"] = "The API's index.",
            ["Samples"] = "Wenzhou's ten common-prosperity practice samples.",
            ["Reforms"] = "Rui'an's (and Wenzhou's) reforms and initiatives.",
            ["Regions"] = "Province, city, counties and districts, towns, streets and villages.",
            ["Themes"] = "The seven demonstration areas and the three gaps.",
            ["Figures"] = "Every figure, with its verbatim quote and citation.",
            ["Milestones"] = "Dated events.",
            ["Honors"] = "Honors, titles and rankings.",
            ["Sources"] = "The five source documents and their texts.",
            ["Search"] = "Full-text search in Chinese and English.",
            ["Export"] = "Downloads for journalists: JSON, NDJSON, CSV.",
            ["Health"] = "Liveness and readiness probes.",
            ["Changes"] = "The change feed (every revision, in commit order) and the audit log of partner writes.",
        };

        public void Apply(OpenApiDocument document, Swashbuckle.AspNetCore.SwaggerGen.DocumentFilterContext context)
        {
            document.Tags = new HashSet<OpenApiTag>(Tags.Select(t => new OpenApiTag { Name = t.Key, Description = t.Value }));
            document.Security = [new OpenApiSecurityRequirement()];
        }
    }

    public static WebApplication UseApiDocs(this WebApplication app)
    {
        app.UseSwagger(o => o.RouteTemplate = "openapi/{documentName}.json");
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "swagger";
            o.SwaggerEndpoint("/openapi/v1.json", "RuianSamples v1");
        });
        return app;
    }
}
