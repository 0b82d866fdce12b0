using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace RuianSamples.Api.Common;

/// <summary>
/// <c>view=</c> on the sample and reform lists: <c>full</c> (the default: every item the whole record, as GET of its
/// url answers) or <c>summary</c> (identity, title, theme or region and url, straight from the list's own rows): a
/// client that pages through a list fetches a few KB instead of the full records, and each record is one GET away.
/// GraphQL needs no such switch: a query selects the fields it wants.
/// </summary>
public static class ListViews
{
    public const string Parameter = "view";
    public const string Full = "full";
    public const string Summary = "summary";
    public static readonly string[] All = [Full, Summary];

    /// <summary>True for view=summary; a view that is neither is a 400 naming the parameter.</summary>
    public static bool IsSummary(QueryReader q) => Validate.OneOf(Parameter, q.String(Parameter), All) == Summary;
}

/// <summary>Endpoint metadata: the list's 200 is either full records or, with view=summary, <paramref name="SummaryPage"/>.</summary>
public sealed record SummaryView(Type SummaryPage);

/// <summary>
/// Documents both shapes of a list's 200 (full records, summaries), each as its own schema. anyOf, not oneOf: an empty
/// page is both at once, and oneOf ("exactly one") would make every empty page invalid to a validating client.
/// </summary>
public sealed class SummaryViewDocsFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<SummaryView>().FirstOrDefault() is not { } view) return;
        if (operation.Responses?.TryGetValue("200", out var ok) != true || ok!.Content?.TryGetValue("application/json", out var json) != true || json!.Schema is not { } full) return;
        var summary = context.SchemaGenerator.GenerateSchema(view.SummaryPage, context.SchemaRepository);
        json.Schema = new OpenApiSchema { AnyOf = [full, summary] };
        if (ok is OpenApiResponse response)
            response.Description = "A page of full records (view=full, the default) or of summaries (view=summary: identity, title, theme or region and url; the full record is one GET of url away).";
    }
}

public static class SummaryViewExtensions
{
    /// <summary>Declares view= on a list and documents its summary page.</summary>
    public static RouteHandlerBuilder WithSummaryView<TSummary>(this RouteHandlerBuilder builder) => builder.WithMetadata(new SummaryView(typeof(Page<TSummary>)));
}
