using System.Collections.Concurrent;
using GraphQL;
using GraphQL.DI;
using GraphQL.Validation;
using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using GraphQLParser.Visitors;
using RuianSamples.Api.Common;

namespace RuianSamples.Api.GraphQL;

/// <summary>A parsed document with what the endpoint checks before executing it.</summary>
public sealed class ParsedDocument(GraphQLDocument document, int aliases, int fieldSelections, long expandedSelections)
{
    public GraphQLDocument Document { get; } = document;
    public int Aliases { get; } = aliases;
    public int FieldSelections { get; } = fieldSelections;

    /// <summary>Fields selected once every fragment spread is expanded in place (saturates at long.MaxValue; a cycle counts as unbounded).</summary>
    public long ExpandedSelections { get; } = expandedSelections;

    /// <summary>Set once the document passed validation; later runs skip all but the variable-dependent rules.</summary>
    public volatile bool Validated;

    // The variable-dependent rule (cost) is a function of the document, the operation and the variables alone,
    // so a (operation, variables) pair that passed it once passes again: later runs skip validation entirely.
    private readonly BoundedCache<string, bool> _passedWith = new(GraphQLLimits.CheckedVariableSetsPerDocument, StringComparer.Ordinal);

    // Operations that passed every rule with some variables: their plan may run with new values its cost does not depend on.
    private readonly ConcurrentDictionary<string, bool> _operationsPassed = new(StringComparer.Ordinal);

    /// <summary>Compiled plans by operation name ("" for a document's only operation); null where the operation needs the executor.</summary>
    public ConcurrentDictionary<string, CompiledQuery?> Plans { get; } = new(StringComparer.Ordinal);

    public bool PassedWith(string key) => _passedWith.ContainsKey(key);

    public bool OperationPassed(string? operationName) => _operationsPassed.ContainsKey(operationName ?? "");

    /// <summary>The key of an (operation, variables) pair that passed validation.</summary>
    public static string CheckedKey(string? operationName, string? variablesJson) => string.Concat(operationName, "\u001f", variablesJson);

    public void RememberPassed(string? operationName, string key)
    {
        _operationsPassed.TryAdd(operationName ?? "", true);
        if (key.Length > GraphQLLimits.CheckedVariableSetLength) return; // large variables are checked every time: memory stays bounded
        _passedWith.Set(key, true);
    }

    public OperationType? OperationTypeOf(string? operationName)
    {
        var operations = Document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
        if (operationName is null) return operations.Count == 1 ? operations[0].Operation : null;
        return operations.FirstOrDefault(o => o.Name?.StringValue == operationName)?.Operation;
    }
}

/// <summary>
/// Bounded cache of parsed documents keyed by query text, plugged into GraphQL.NET's execution
/// pipeline: a document that validated once is not validated again (only the complexity rule,
/// which depends on variables, runs every time). When full, the cache is cleared: simple, and
/// the documents of real clients come back after one parse each.
/// </summary>
public sealed class DocumentCache : IConfigureExecution
{
    private const string EntryKey = "ruiansamples.document";
    private const string VariablesKey = "ruiansamples.document.variables";
    private const string PlainKey = "ruiansamples.plain";
    private readonly BoundedCache<string, ParsedDocument> _entries = new(GraphQLLimits.DocumentCacheEntries, StringComparer.Ordinal);

    public int Count => _entries.Count;

    /// <summary>Parses (or finds) the document; throws <see cref="GraphQLSyntaxErrorException"/> or <see cref="GraphQLMaxDepthExceededException"/>.</summary>
    public ParsedDocument GetOrParse(string query)
    {
        if (_entries.TryGetValue(query, out var hit)) return hit;
        var document = Parser.Parse(query, new ParserOptions { Ignore = IgnoreOptions.Comments, MaxDepth = GraphQLLimits.MaxParserDepth });
        var counter = new SelectionCounter();
        counter.VisitAsync(document, counter).AsTask().GetAwaiter().GetResult();
        var parsed = new ParsedDocument(document, counter.Aliases, counter.Fields, FragmentExpansion.Measure(document));
        _entries.Set(query, parsed);
        return parsed;
    }

    /// <summary>
    /// Hands the parsed document to the execution; <paramref name="variablesJson"/> is the request's raw variables (null for none).
    /// <paramref name="plain"/>: every rule runs (bench/ compares the optimised path with it, and tests prove them byte-identical).
    /// </summary>
    public static void Attach(ExecutionOptions options, ParsedDocument parsed, string? variablesJson, bool plain = false)
    {
        options.Document = parsed.Document;
        if (plain)
        {
            options.UserContext[PlainKey] = true;
            return;
        }
        options.UserContext[EntryKey] = parsed;
        options.UserContext[VariablesKey] = ParsedDocument.CheckedKey(options.OperationName, variablesJson);
    }

    /// <summary>True when this execution takes the plain path.</summary>
    public static bool IsPlain(IDictionary<string, object?> userContext) => userContext.ContainsKey(PlainKey);

    public float SortOrder => 200; // after the options (validation rules) are configured

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        if (!options.UserContext.TryGetValue(EntryKey, out var value) || value is not ParsedDocument parsed) return await next(options);
        var checkedAs = options.UserContext.TryGetValue(VariablesKey, out var key) ? key as string : null;
        if (parsed.Validated)
            options.ValidationRules = checkedAs is not null && parsed.PassedWith(checkedAs) ? [] : options.CachedDocumentValidationRules ?? [];
        var result = await next(options);
        if (result.Executed)
        {
            parsed.Validated = true;
            if (checkedAs is not null) parsed.RememberPassed(options.OperationName, checkedAs);
        }
        return result;
    }

    private sealed class SelectionCounter : ASTVisitor<SelectionCounter>, IASTVisitorContext
    {
        public int Aliases;
        public int Fields;

        public CancellationToken CancellationToken => CancellationToken.None;

        protected override ValueTask VisitFieldAsync(GraphQLField field, SelectionCounter context)
        {
            Fields++;
            if (field.Alias is not null) Aliases++;
            return base.VisitFieldAsync(field, context);
        }
    }
}

/// <summary>
/// How large a document becomes when its fragment spreads are expanded, computed with each
/// fragment measured once (memoised), so a 1 KB document whose fragments spread into each other
/// level by level (2^N fields) is measured in N steps and refused before any analysis or
/// validation rule expands it.
/// </summary>
public static class FragmentExpansion
{
    public static long Measure(GraphQLDocument document)
    {
        var fragments = document.Definitions.OfType<GraphQLFragmentDefinition>()
            .GroupBy(f => f.FragmentName.Name.StringValue).ToDictionary(g => g.Key, g => g.First());
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        var inProgress = new HashSet<string>(StringComparer.Ordinal);

        long FragmentSize(string name)
        {
            if (sizes.TryGetValue(name, out var known)) return known;
            if (!fragments.TryGetValue(name, out var fragment)) return 0; // unknown fragments are the validator's to report
            if (!inProgress.Add(name)) return long.MaxValue; // a cycle expands without end
            var size = SetSize(fragment.SelectionSet);
            inProgress.Remove(name);
            return sizes[name] = size;
        }

        long SetSize(GraphQLSelectionSet? set)
        {
            if (set is null) return 0;
            long total = 0;
            foreach (var selection in set.Selections)
            {
                var size = selection switch
                {
                    GraphQLField field => Add(1, SetSize(field.SelectionSet)),
                    GraphQLInlineFragment inline => SetSize(inline.SelectionSet),
                    GraphQLFragmentSpread spread => FragmentSize(spread.FragmentName.Name.StringValue),
                    _ => 0,
                };
                total = Add(total, size);
            }
            return total;
        }

        long operations = 0;
        foreach (var operation in document.Definitions.OfType<GraphQLOperationDefinition>())
            operations = Add(operations, SetSize(operation.SelectionSet));
        return operations;
    }

    private static long Add(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}
