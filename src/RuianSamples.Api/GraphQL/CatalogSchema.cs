using GraphQL;
using GraphQL.Introspection;
using GraphQL.Types;

namespace RuianSamples.Api.GraphQL;

/// <summary>The catalog graph (read-only: there are no mutations yet).</summary>
public sealed class CatalogSchema : Schema
{
    public CatalogSchema(IServiceProvider services, QueryType query) : base(services)
    {
        Description = "RuianSamples: Wenzhou's ten common-prosperity practice samples and Rui'an's reforms as a citable catalog. "
            + "Every figure carries its source and a verbatim quote; English texts are RuianSamples translations.";
        Query = query;
        // Introspection as the GraphQL spec (October 2021) has it: __Directive.isRepeatable, and
        // includeDeprecated on args/inputFields with isDeprecated/deprecationReason on __InputValue.
        // GraphQL.NET files these under "experimental" and hides them from introspection unless enabled.
        // (AppliedDirectives, not in the spec, stays off.)
        Filter = new ExperimentalIntrospectionFeaturesSchemaFilter();
        Features.RepeatableDirectives = true;
        Features.DeprecationOfInputValues = true;
        // (Set before anything below reads the schema's types, which initializes it.)
        // Introspection reads the schema, not the data, so it does not count towards the cost limit:
        // GraphiQL's introspection query (5^depth under the list multiplier) must always pass.
        this.WithIntrospectionComplexityImpact(0);
    }

    /// <summary>
    /// What GraphQL.NET 8 lacks, added to its own introspection types: __Type.specifiedByURL (October 2021)
    /// and includeDeprecated on __Directive.args (graphql-js asks for it with inputValueDeprecation on).
    /// </summary>
    protected override void OnBeforeInitializeType(IGraphType graphType)
    {
        if (graphType is __Directive directive && directive.GetField("args") is { } args && args.Arguments?.Find("includeDeprecated") is null)
        {
            args.Arguments ??= [];
            args.Arguments.Add(new QueryArgument<BooleanGraphType> { Name = "includeDeprecated", DefaultValue = false });
            var all = args.Resolver!;
            args.Resolver = new global::GraphQL.Resolvers.FuncFieldResolver<object?>(async context =>
            {
                var result = await all.ResolveAsync(context);
                return context.GetArgument<bool>("includeDeprecated") || result is not IEnumerable<QueryArgument> arguments
                    ? result
                    : arguments.Where(a => a.DeprecationReason is null).ToList();
            });
        }
        if (graphType is not __Type type || type.HasField("specifiedByURL")) return;
        type.Field<StringGraphType>("specifiedByURL")
            .Description("For a custom scalar: a URL that specifies its behaviour. The catalog defines no custom scalar, so always null.")
            .Resolve(_ => null);
    }
}
