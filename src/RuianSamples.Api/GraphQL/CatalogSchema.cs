using GraphQL;
using GraphQL.Types;

namespace RuianSamples.Api.GraphQL;

/// <summary>The catalog graph; partner writes are its mutations.</summary>
public sealed class CatalogSchema : Schema
{
    public CatalogSchema(IServiceProvider services, QueryType query, Partners.MutationType mutation) : base(services)
    {
        Description = "RuianSamples: Wenzhou's ten common-prosperity practice samples and Rui'an's reforms as a citable catalog. "
            + "Every figure carries its source and a verbatim quote; English texts are RuianSamples translations.";
        Query = query;
        Mutation = mutation;
        // Introspection reads the schema, not the data, so it does not count towards the cost limit:
        // GraphiQL's introspection query (5^depth under the list multiplier) must always pass.
        this.WithIntrospectionComplexityImpact(0);
    }
}
