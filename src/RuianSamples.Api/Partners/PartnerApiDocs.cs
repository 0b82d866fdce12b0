using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace RuianSamples.Api.Partners;

/// <summary>The OpenAPI document's bearer scheme, and on each operation that needs a key, the requirement and the scope it needs.</summary>
public sealed class PartnerSecurityFilter : IOperationFilter
{
    public const string SchemeName = "partnerKey";

    public static readonly OpenApiSecurityScheme Scheme = new()
    {
        Type = SecuritySchemeType.Http,
        Scheme = "bearer",
        BearerFormat = "rsk_ token (256 random bits)",
        Description = "A partner agency's key, issued by an administrator with `keys create` and sent as `Authorization: Bearer <token>`. "
            + "A key has scopes (sources:write, figures:write, reforms:write, audit:read) and regions (a county's key covers its towns).",
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var policies = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>().Distinct().ToList();
        if (policies.Count == 0) return;
        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] }];
        operation.Description += $" Needs a partner key with the scope {string.Join(", ", policies.Select(p => $"`{p}`"))}.";
    }
}

public static class PartnerApiDocs
{
    public static void AddPartnerApiDocs(this IServiceCollection services) => services.ConfigureSwaggerGen(o =>
    {
        o.AddSecurityDefinition(PartnerSecurityFilter.SchemeName, PartnerSecurityFilter.Scheme);
        o.OperationFilter<PartnerSecurityFilter>();
    });
}
