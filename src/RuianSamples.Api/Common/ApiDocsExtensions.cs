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
                License = new OpenApiLicense { Name = "Code: see repository; data: quoted from the cited sources" },
            });
            var xml = Path.Combine(AppContext.BaseDirectory, "RuianSamples.Api.xml");
            if (File.Exists(xml)) o.IncludeXmlComments(xml);
        });
        return builder;
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
