using GraphQL;
using GraphQL.Execution;
using Microsoft.Extensions.DependencyInjection.Extensions;
using GraphQL.Validation.Complexity;
using GraphQL.Validation.Rules.Custom;
using RuianSamples.Api.Common;

namespace RuianSamples.Api.GraphQL;

public static class GraphQLExtensions
{
    public const string Path = "/graphql";

    public static WebApplicationBuilder AddCatalogGraphQL(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<CatalogLoaders>();
        services.AddSingleton<DocumentCache>();
        services.AddSingleton<ReferenceRecords>();
        services.AddSingleton<PersistedQueries>();
        services.AddSingleton<GraphQLHttpEndpoint>();
        // First of the problem writers (ProblemDetailsService asks them in registration order): /graphql's refusals as GraphQL errors.
        services.Insert(0, ServiceDescriptor.Singleton<IProblemDetailsWriter, GraphQLProblemWriter>());
        services.AddGraphQL(b => b
            .AddSchema<CatalogSchema>()
            .AddGraphTypes(typeof(CatalogSchema).Assembly)
            .AddSystemTextJson(o => o.Encoder = ApiHttpExtensions.Encoder)
            .AddErrorInfoProvider(o => { o.ExposeExceptionDetails = false; o.ExposeData = true; })
            // The complexity rule depends on variables (first: $n), so it also runs for cached documents.
            .AddValidationRule(new ComplexityValidationRule(new ComplexityOptions
            {
                MaxDepth = GraphQLLimits.MaxDepth,
                MaxComplexity = GraphQLLimits.MaxComplexity,
                DefaultListImpactMultiplier = GraphQLLimits.NestedListSize,
            }), useForCachedDocuments: true)
            .ConfigureExecution<DocumentCache>()
            .ConfigureExecutionOptions(o =>
            {
                o.UnhandledExceptionDelegate = context =>
                {
                    // A rejected argument is the client's mistake: say which and why. Anything else: a generic message, logged.
                    if (context.OriginalException is ApiInputException input)
                    {
                        var error = new ExecutionError(input.Message) { Code = "BAD_USER_INPUT" };
                        error.Data["argument"] = input.Parameter;
                        context.Exception = error;
                    }
                    else if (Data.CatalogDb.IsUnavailable(context.OriginalException))
                    {
                        // The database is down or restarting: the client may retry; nothing of the driver's error is shown.
                        context.Exception = new ExecutionError("The catalog database cannot be read right now. Try again shortly.") { Code = "UNAVAILABLE" };
                    }
                    else
                    {
                        context.ExecutionOptions.RequestServices?.GetService<ILoggerFactory>()?.CreateLogger("RuianSamples.GraphQL")
                            .LogError(context.OriginalException, "GraphQL field {Field} failed", context.FieldContext?.FieldDefinition.Name);
                        // A new error, not the original: ExposeData would otherwise publish the exception's Data (a driver's SQL state, statement position …).
                        context.Exception = new ExecutionError("An internal error occurred while resolving this field. It has been logged.") { Code = "INTERNAL_SERVER_ERROR" };
                    }
                    return Task.CompletedTask;
                };
            }));
        services.Replace(ServiceDescriptor.Singleton<IExecutionStrategySelector, CatalogExecutionStrategies>());
        return builder;
    }

    public static WebApplication MapCatalogGraphQL(this WebApplication app)
    {
        var endpoint = app.Services.GetRequiredService<GraphQLHttpEndpoint>();
        app.Map(Path, endpoint.HandleAsync).ExcludeFromDescription();
        app.MapGet("/graphql/ui", GraphiQL.Serve).ExcludeFromDescription();
        app.MapGet("/graphql/ui/{file}", GraphiQL.ServeAsset).ExcludeFromDescription();
        return app;
    }
}

/// <summary>
/// Queries run serially, like mutations: a request reads one snapshot on one connection, and the batch loaders
/// gather each level's keys under either strategy, so the parallel strategy's per-node task fan-out only cost time
/// (README, Performance). The plain path (bench/ and the equivalence tests) keeps GraphQL.NET's default, parallel.
/// </summary>
public sealed class CatalogExecutionStrategies : IExecutionStrategySelector
{
    public IExecutionStrategy Select(global::GraphQL.Execution.ExecutionContext context) => context.Operation.Operation switch
    {
        GraphQLParser.AST.OperationType.Query when DocumentCache.IsPlain(context.UserContext) => ParallelExecutionStrategy.Instance,
        GraphQLParser.AST.OperationType.Query or GraphQLParser.AST.OperationType.Mutation => SerialExecutionStrategy.Instance,
        _ => throw new NotSupportedException("The catalog has no subscriptions."),
    };
}
