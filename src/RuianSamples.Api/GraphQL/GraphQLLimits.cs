namespace RuianSamples.Api.GraphQL;

/// <summary>The limits every GraphQL request is held to. Each refusal names its limit and the request's value.</summary>
public static class GraphQLLimits
{
    /// <summary>Request body (POST) in bytes.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>Query text in characters (GET or POST).</summary>
    public const int MaxQueryLength = 16 * 1024;

    /// <summary>Operations in one batched (array) POST.</summary>
    public const int MaxBatchSize = 5;

    /// <summary>Nesting of fields (the introspection query GraphiQL sends needs 13).</summary>
    public const int MaxDepth = 15;

    /// <summary>Estimated cost: each field costs 1, multiplied by the sizes of the lists above it (`first` for connections, <see cref="NestedListSize"/> for plain lists).</summary>
    public const int MaxComplexity = 50_000;

    /// <summary>The size assumed for an unpaged nested list (a sample's regions, figures …): in this catalog they hold a handful of records.</summary>
    public const int NestedListSize = 5;

    /// <summary>Aliased fields in one document (alias floods multiply work without depth).</summary>
    public const int MaxAliases = 50;

    /// <summary>Field selections in one document (including fragments).</summary>
    public const int MaxFieldSelections = 1_000;

    /// <summary>Parser nesting (selection sets, lists and objects in values), to refuse pathological documents early.</summary>
    public const int MaxParserDepth = 64;

    /// <summary>Response body in bytes: a larger answer is refused (RESPONSE_TOO_LARGE) instead of being sent.</summary>
    public const int MaxResponseBytes = 4 << 20;

    /// <summary>Errors reported in one response: the rest are summed up in one more, so an error body never amplifies its input.</summary>
    public const int MaxErrors = 20;

    /// <summary>Fields a document selects once its fragments are expanded (measured with each fragment once); more is refused before any analysis.</summary>
    public const int MaxExpandedSelections = 5_000;

    /// <summary>Parsed documents kept in memory.</summary>
    public const int DocumentCacheEntries = 1_000;

    /// <summary>Per parsed document, the (operation, variables) pairs remembered as within the cost limit (keys of at most 512 characters).</summary>
    public const int CheckedVariableSetsPerDocument = 256;

    /// <summary>Longer (operation, variables) keys are not remembered; their cost is checked on every request.</summary>
    public const int CheckedVariableSetLength = 512;

    /// <summary>Automatic persisted queries kept in memory.</summary>
    public const int PersistedQueryEntries = 5_000;
}
