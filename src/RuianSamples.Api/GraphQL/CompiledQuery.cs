using System.Buffers;
using System.Text.Json;
using GraphQL;
using GraphQLParser.AST;
using RuianSamples.Api.Common;
using RuianSamples.Api.Materialised;
using RuianSamples.Api.Samples;

namespace RuianSamples.Api.GraphQL;

/// <summary>
/// A query operation compiled once into a plan that writes its response straight from the stored documents
/// (Materialised/): root fields <c>sample</c>, <c>reform</c>, <c>samples</c> and <c>reforms</c>, and beneath them the
/// fields <see cref="DocumentShapes"/> can read from a record's JSON. The connections come from the same resolver code
/// as GraphQL.NET's (<see cref="QueryType.SamplesAsync"/>, <see cref="QueryType.ReformsAsync"/>). Anything else — another
/// root field, an argument or directive, a fragment on another type, a repeated response name, a mutation — compiles to
/// null, and the operation runs on the executor. At run time a value it cannot bind, a client error (the executor then
/// writes it) or a record without a document gives null too: the plan never writes an error, only data.
/// </summary>
public sealed class CompiledQuery
{
    private enum Kind { Typename, Sample, Reform, Samples, Reforms, Field, TotalCount, PageInfo, HasNextPage, HasPreviousPage, StartCursor, EndCursor, Edges, Cursor, Node, Items }

    private sealed record Node(string Name, Kind Kind, Node[] Children, Projection? Projection = null, string? Typename = null,
        IReadOnlyDictionary<string, GraphQLValue>? Arguments = null);

    /// <summary>Thrown inside a run: the executor answers this request instead.</summary>
    private sealed class Fallback : Exception;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = ApiHttpExtensions.Encoder };

    private readonly Node[] _roots;
    private readonly GraphQLOperationDefinition _operation;
    private readonly bool _readsSamples, _readsRegions;

    /// <summary>True when no variable sets a page size: the cost rule's result then does not depend on the variables.</summary>
    public bool CostIndependentOfVariables { get; }

    private CompiledQuery(Node[] roots, GraphQLOperationDefinition operation, bool costIndependent, bool readsSamples, bool readsRegions)
    {
        _roots = roots;
        _operation = operation;
        CostIndependentOfVariables = costIndependent;
        _readsSamples = readsSamples;
        _readsRegions = readsRegions;
    }

    /// <summary>The plan of this operation, or null when it needs the executor.</summary>
    public static CompiledQuery? Compile(GraphQLDocument document, string? operationName)
    {
        var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
        var operation = operationName is null ? (operations.Count == 1 ? operations[0] : null) : operations.FirstOrDefault(o => o.Name?.StringValue == operationName);
        if (operation is not { Operation: OperationType.Query } || operation.Directives is { Count: > 0 }) return null;
        if (operation.Variables?.Any(v => v.Directives is { Count: > 0 }) == true) return null;
        var compiler = new Compiler(document);
        var roots = compiler.Roots(operation.SelectionSet);
        return roots is null ? null
            : new CompiledQuery(roots, operation, !compiler.PageSizeFromVariable, compiler.Relations.Contains(Relation.SampleByNumber), compiler.Relations.Contains(Relation.ParentRegion));
    }

    private sealed class Compiler(GraphQLDocument document)
    {
        public bool PageSizeFromVariable;
        public readonly HashSet<Relation> Relations = [];

        private static readonly HashSet<string> SampleArguments = ["number", "slug"], ReformArguments = ["slug"],
            SamplesArguments = ["first", "after", "filter"], ReformsArguments = ["first", "after", "filter", "sort"];

        public Node[]? Roots(GraphQLSelectionSet set)
        {
            var fields = Flatten(set, "Query");
            if (fields is null) return null;
            var roots = new List<Node>();
            foreach (var field in fields)
            {
                var name = field.Alias?.Name.StringValue ?? field.Name.StringValue;
                Node? root = field.Name.StringValue switch
                {
                    "__typename" when field.SelectionSet is null && field.Arguments is null => new Node(name, Kind.Typename, [], Typename: "Query"),
                    "sample" => Record(field, name, Kind.Sample, SampleArguments, DocumentShapes.Sample),
                    "reform" => Record(field, name, Kind.Reform, ReformArguments, DocumentShapes.Reform),
                    // Connection and edge type names: GraphQL.NET's, from the node type's CLR name (SampleGraphType → SampleConnection).
                    "samples" => Connection(field, name, Kind.Samples, SamplesArguments, DocumentShapes.Sample, "Sample"),
                    "reforms" => Connection(field, name, Kind.Reforms, ReformsArguments, DocumentShapes.Reform, "Reform"),
                    _ => null,
                };
                if (root is null) return null;
                roots.Add(root);
            }
            return roots.ToArray();
        }

        private static Dictionary<string, GraphQLValue>? Arguments(GraphQLField field, HashSet<string> allowed)
        {
            var arguments = new Dictionary<string, GraphQLValue>(StringComparer.Ordinal);
            foreach (var argument in field.Arguments?.Items ?? [])
                if (!allowed.Contains(argument.Name.StringValue) || !arguments.TryAdd(argument.Name.StringValue, argument.Value)) return null;
            return arguments;
        }

        private Node? Record(GraphQLField field, string name, Kind kind, HashSet<string> allowed, DocumentShape shape)
        {
            if (Arguments(field, allowed) is not { } arguments || field.SelectionSet is null || Selection(field.SelectionSet, shape) is not { } children) return null;
            return new Node(name, kind, children, Arguments: arguments);
        }

        private Node? Connection(GraphQLField field, string name, Kind kind, HashSet<string> allowed, DocumentShape shape, string nodeType)
        {
            if (Arguments(field, allowed) is not { } arguments || field.SelectionSet is null) return null;
            if (arguments.TryGetValue("first", out var first) && first is GraphQLVariable) PageSizeFromVariable = true;
            var children = Children(field.SelectionSet, nodeType + "Connection", (f, n) => f.Name.StringValue switch
            {
                "totalCount" => Leaf(f, n, Kind.TotalCount),
                "pageInfo" => f.SelectionSet is null ? null : Children(f.SelectionSet, "PageInfo", (p, pn) => p.Name.StringValue switch
                {
                    "hasNextPage" => Leaf(p, pn, Kind.HasNextPage),
                    "hasPreviousPage" => Leaf(p, pn, Kind.HasPreviousPage),
                    "startCursor" => Leaf(p, pn, Kind.StartCursor),
                    "endCursor" => Leaf(p, pn, Kind.EndCursor),
                    _ => null,
                }) is { } page ? new Node(n, Kind.PageInfo, page) : null,
                "edges" => f.SelectionSet is null ? null : Children(f.SelectionSet, nodeType + "Edge", (e, en) => e.Name.StringValue switch
                {
                    "cursor" => Leaf(e, en, Kind.Cursor),
                    "node" when e.Arguments is null && e.SelectionSet is not null && Selection(e.SelectionSet, shape) is { } node => new Node(en, Kind.Node, node),
                    _ => null,
                }) is { } edges ? new Node(n, Kind.Edges, edges) : null,
                "items" when f.Arguments is null && f.SelectionSet is not null && Selection(f.SelectionSet, shape) is { } items => new Node(n, Kind.Items, items),
                _ => null,
            });
            return children is null ? null : new Node(name, kind, children, Arguments: arguments);
        }

        private static Node? Leaf(GraphQLField field, string name, Kind kind) => field.Arguments is null && field.SelectionSet is null ? new Node(name, kind, []) : null;

        /// <summary>A selection set on an object type; <paramref name="compile"/> turns each field (never __typename) into a node or null.</summary>
        private Node[]? Children(GraphQLSelectionSet set, string typename, Func<GraphQLField, string, Node?> compile)
        {
            if (Flatten(set, typename) is not { } fields) return null;
            var nodes = new Node[fields.Count];
            for (var i = 0; i < fields.Count; i++)
            {
                var field = fields[i];
                var name = field.Alias?.Name.StringValue ?? field.Name.StringValue;
                var node = field.Name.StringValue == "__typename"
                    ? (field.Arguments is null && field.SelectionSet is null ? new Node(name, Kind.Typename, [], Typename: typename) : null)
                    : compile(field, name);
                if (node is null) return null;
                nodes[i] = node;
            }
            return nodes;
        }

        private Node[]? Selection(GraphQLSelectionSet set, DocumentShape shape) => Children(set, shape.TypeName, (field, name) =>
        {
            if (field.Arguments is not null || !shape.Fields.TryGetValue(field.Name.StringValue, out var projection)) return null;
            if (projection.Relation is { } relation) Relations.Add(relation);
            if (projection.Shape is null) return field.SelectionSet is null ? new Node(name, Kind.Field, [], projection) : null;
            return field.SelectionSet is not null && Selection(field.SelectionSet, projection.Shape) is { } children ? new Node(name, Kind.Field, children, projection) : null;
        });

        /// <summary>
        /// The fields of a selection set with fragments on this very type spread in place; null for a directive, a fragment on
        /// another type (an interface, say), or a response name given twice (GraphQL would merge them; we leave that to the executor).
        /// </summary>
        private List<GraphQLField>? Flatten(GraphQLSelectionSet set, string typename)
        {
            var fields = new List<GraphQLField>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            bool Add(GraphQLSelectionSet s, int depth)
            {
                if (depth > GraphQLLimits.MaxParserDepth) return false;
                foreach (var selection in s.Selections)
                {
                    switch (selection)
                    {
                        case GraphQLField field when field.Directives is not { Count: > 0 }:
                            if (!names.Add(field.Alias?.Name.StringValue ?? field.Name.StringValue)) return false;
                            fields.Add(field);
                            break;
                        case GraphQLInlineFragment inline when inline.Directives is not { Count: > 0 }
                            && (inline.TypeCondition is null || inline.TypeCondition.Type.Name.StringValue == typename):
                            if (!Add(inline.SelectionSet, depth + 1)) return false;
                            break;
                        case GraphQLFragmentSpread spread when spread.Directives is not { Count: > 0 }:
                            var definition = document.Definitions.OfType<GraphQLFragmentDefinition>()
                                .FirstOrDefault(d => d.FragmentName.Name.StringValue == spread.FragmentName.Name.StringValue);
                            if (definition is null || definition.Directives is { Count: > 0 } || definition.TypeCondition.Type.Name.StringValue != typename
                                || !Add(definition.SelectionSet, depth + 1)) return false;
                            break;
                        default:
                            return false;
                    }
                }
                return true;
            }
            return Add(set, 0) ? fields : null;
        }
    }

    /// <summary>
    /// True when every variable the operation declares is given (or defaulted) as a value of its declared type that this plan
    /// binds itself (Int, String, nullable or not); false for other types, which the executor coerces.
    /// </summary>
    public bool VariablesBind(Inputs? variables)
    {
        foreach (var definition in _operation.Variables?.Items ?? [])
        {
            var (type, nonNull) = definition.Type is GraphQLNonNullType n ? (n.Type, true) : (definition.Type, false);
            if (type is not GraphQLNamedType { Name.StringValue: "Int" or "String" } named) return false;
            object? value = null;
            if (variables is not null && variables.TryGetValue(definition.Variable.Name.StringValue, out var given)) value = given;
            else if (definition.DefaultValue is { } literal && !TryLiteral(literal, null, out value)) return false;
            if (value is null ? nonNull : !(named.Name.StringValue == "Int" ? value is int : value is string)) return false;
        }
        return true;
    }

    /// <summary>Runs the plan on the request's snapshot: the response's bytes, or null for the executor to answer instead.</summary>
    public async Task<byte[]?> ExecuteAsync(IServiceProvider services, Inputs? variables, CancellationToken cancellationToken)
    {
        var documents = services.GetRequiredService<RecordDocumentQueries>();
        var related = _readsSamples || _readsRegions ? await RelatedDocuments.ReadAsync(services, _readsSamples, _readsRegions) : null;
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            using var writer = new Utf8JsonWriter(buffer, WriterOptions);
            writer.WriteStartObject();
            writer.WritePropertyName("data");
            writer.WriteStartObject();
            foreach (var root in _roots)
            {
                cancellationToken.ThrowIfCancellationRequested();
                writer.WritePropertyName(root.Name);
                switch (root.Kind)
                {
                    case Kind.Typename:
                        writer.WriteStringValue(root.Typename);
                        break;
                    case Kind.Sample:
                        WriteRecord(writer, await SampleDocumentAsync(services, documents, root, variables), root.Children, related);
                        break;
                    case Kind.Reform:
                        WriteRecord(writer, documents.Find(RecordDocuments.Reform, Bind<string>(root, "slug", variables) ?? throw new Fallback())
                            ?? throw new Fallback(), root.Children, related); // an unknown slug: the executor writes the null
                        break;
                    case Kind.Samples:
                        var samples = await QueryType.SamplesAsync(services, SampleFilter(root, variables), Bind<int?>(root, "first", variables), Bind<string>(root, "after", variables));
                        WriteConnection(writer, root, related, samples, rows => documents.Page(RecordDocuments.Sample, rows, s => RecordDocuments.Key((int)s.Number)));
                        break;
                    case Kind.Reforms:
                        // The page's keys, sort values and stored documents in one statement, as REST's full list reads them.
                        var reforms = await QueryType.ReformsAsync(services, ListFilter(root, variables), Bind<int?>(root, "first", variables),
                            Bind<string>(root, "after", variables), Bind<string>(root, "sort", variables),
                            (queries, where, sort, after, limit) => queries.ListDocumentsAsync(where, sort, after, limit), d => (d.SortKey, d.Id));
                        WriteConnection(writer, root, related, reforms, rows => rows.All(d => d.Body is not null) ? rows.Select(d => new RawRecord(d.Slug, d.Body!)).ToList() : null);
                        break;
                }
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        catch (Exception e) when (e is Fallback or ApiInputException or ExecutionError || Data.CatalogDb.IsUnavailable(e))
        {
            return null; // the executor writes the error (or the null) in GraphQL's terms
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static async Task<byte[]?> SampleDocumentAsync(IServiceProvider services, RecordDocumentQueries documents, Node root, Inputs? variables)
    {
        var number = Bind<int?>(root, "number", variables);
        var slug = Bind<string>(root, "slug", variables);
        if ((number is null) == (slug is null)) throw new Fallback();
        if (number is { } n) return documents.Find(RecordDocuments.Sample, RecordDocuments.Key(n)) ?? throw new Fallback();
        // By slug as the resolver finds it; no such sample is null.
        if (await services.GetRequiredService<SampleQueries>().FindAsync(slug!) is not { } row) return null;
        return documents.Find(RecordDocuments.Sample, RecordDocuments.Key((int)row.Number)) ?? throw new Fallback();
    }

    private static void WriteRecord(Utf8JsonWriter writer, byte[]? json, Node[] selection, RelatedDocuments? related)
    {
        if (json is null)
        {
            writer.WriteNullValue();
            return;
        }
        using var document = JsonDocument.Parse(json);
        WriteObject(writer, document.RootElement, selection, document.RootElement, related);
    }

    // recordsOf: the page's stored documents in its order; null when a record has none (then the executor answers).
    private static void WriteConnection<T>(Utf8JsonWriter writer, Node root, RelatedDocuments? related, global::GraphQL.Types.Relay.DataObjects.Connection<T> connection,
        Func<IReadOnlyList<T>, IReadOnlyList<RawRecord>?> recordsOf)
    {
        var edges = connection.Edges!;
        IReadOnlyList<RawRecord>? records = null;
        if (root.Children.Any(c => c.Kind == Kind.Items || (c.Kind == Kind.Edges && c.Children.Any(e => e.Kind == Kind.Node))))
            records = recordsOf(edges.Select(e => e.Node!).ToList()) ?? throw new Fallback();
        var parsed = records?.Select(r => JsonDocument.Parse(r.Json)).ToList();
        try
        {
            writer.WriteStartObject();
            foreach (var field in root.Children)
            {
                writer.WritePropertyName(field.Name);
                switch (field.Kind)
                {
                    case Kind.Typename:
                        writer.WriteStringValue(field.Typename);
                        break;
                    case Kind.TotalCount:
                        writer.WriteNumberValue(connection.TotalCount ?? 0);
                        break;
                    case Kind.PageInfo:
                        var page = connection.PageInfo!;
                        writer.WriteStartObject();
                        foreach (var info in field.Children)
                        {
                            writer.WritePropertyName(info.Name);
                            switch (info.Kind)
                            {
                                case Kind.Typename: writer.WriteStringValue(info.Typename); break;
                                case Kind.HasNextPage: writer.WriteBooleanValue(page.HasNextPage); break;
                                case Kind.HasPreviousPage: writer.WriteBooleanValue(page.HasPreviousPage); break;
                                case Kind.StartCursor: WriteStringOrNull(writer, page.StartCursor); break;
                                case Kind.EndCursor: WriteStringOrNull(writer, page.EndCursor); break;
                            }
                        }
                        writer.WriteEndObject();
                        break;
                    case Kind.Edges:
                        writer.WriteStartArray();
                        for (var i = 0; i < edges.Count; i++)
                        {
                            writer.WriteStartObject();
                            foreach (var part in field.Children)
                            {
                                writer.WritePropertyName(part.Name);
                                switch (part.Kind)
                                {
                                    case Kind.Typename: writer.WriteStringValue(part.Typename); break;
                                    case Kind.Cursor: writer.WriteStringValue(edges[i].Cursor); break;
                                    case Kind.Node: WriteObject(writer, parsed![i].RootElement, part.Children, parsed[i].RootElement, related); break;
                                }
                            }
                            writer.WriteEndObject();
                        }
                        writer.WriteEndArray();
                        break;
                    case Kind.Items:
                        writer.WriteStartArray();
                        foreach (var record in parsed!) WriteObject(writer, record.RootElement, field.Children, record.RootElement, related);
                        writer.WriteEndArray();
                        break;
                }
            }
            writer.WriteEndObject();
        }
        finally
        {
            parsed?.ForEach(d => d.Dispose());
        }
    }

    private static void WriteStringOrNull(Utf8JsonWriter writer, string? value)
    {
        if (value is null) writer.WriteNullValue();
        else writer.WriteStringValue(value);
    }

    /// <summary>One JSON object of a record seen through a selection; <paramref name="record"/> is the document's root (its sources).</summary>
    private static void WriteObject(Utf8JsonWriter writer, JsonElement element, Node[] selection, JsonElement record, RelatedDocuments? related)
    {
        writer.WriteStartObject();
        foreach (var node in selection)
        {
            writer.WritePropertyName(node.Name);
            if (node.Kind == Kind.Typename) writer.WriteStringValue(node.Typename);
            else WriteValue(writer, element, node.Projection!, node.Children, record, related);
        }
        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, JsonElement element, Projection projection, Node[] selection, JsonElement record, RelatedDocuments? related)
    {
        var value = At(element, projection.Path);
        switch (projection.Kind)
        {
            case ProjectionKind.Copy:
                // The documents are written with the encoder GraphQL's serializer uses (ApiHttpExtensions.Encoder), so a value's
                // bytes are already as GraphQL writes them: copied, neither unescaped nor escaped again.
                writer.WriteRawValue(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(value), skipInputValidation: true);
                break;
            case ProjectionKind.GlobalId:
                writer.WriteStringValue(GlobalId.Encode(projection.IdType!, value.ValueKind == JsonValueKind.Number ? value.GetRawText() : value.GetString()!));
                break;
            case ProjectionKind.Nested:
                WriteNested(writer, value, selection, record, related);
                break;
            case ProjectionKind.SourceOf:
                var id = value.GetString();
                var source = At(record, ["sources"]).EnumerateArray().FirstOrDefault(s => s.GetProperty("id").ValueEquals(id));
                if (source.ValueKind != JsonValueKind.Object) throw new Fallback(); // not among the record's sources: the executor's loader finds it
                WriteObject(writer, source, selection, record, related);
                break;
            case ProjectionKind.Related:
                // Not known here (a sample without a document, a dangling parent): the executor's loaders find it.
                if (related is null || !related.TryFind(projection.Relation!.Value, value, out var target)) throw new Fallback();
                if (target is not { } found) writer.WriteNullValue();
                else if (projection.Inner is { } inner) WriteValue(writer, found, inner, selection, found, related); // read as the record's own field
                else WriteNested(writer, found, selection, found, related);
                break;
        }
    }

    private static void WriteNested(Utf8JsonWriter writer, JsonElement value, Node[] selection, JsonElement record, RelatedDocuments? related)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                writer.WriteNullValue();
                break;
            case JsonValueKind.Object:
                WriteObject(writer, value, selection, record, related);
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray()) WriteObject(writer, item, selection, record, related);
                writer.WriteEndArray();
                break;
            default:
                throw new Fallback();
        }
    }

    private static JsonElement At(JsonElement element, string[] path)
    {
        foreach (var name in path)
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element)) throw new Fallback(); // a document of another shape
        return element;
    }

    /// <summary>An argument's value (literal or variable) as T; a value of another type falls back.</summary>
    private static T? Bind<T>(Node root, string name, Inputs? variables)
    {
        if (!root.Arguments!.TryGetValue(name, out var literal)) return default;
        if (!TryLiteral(literal, variables, out var value)) throw new Fallback();
        return value switch
        {
            null => default,
            T typed => typed,
            _ => throw new Fallback(),
        };
    }

    private static readonly IReadOnlyDictionary<string, object?> NoFields = new Dictionary<string, object?>();

    private static IReadOnlyDictionary<string, object?>? FilterFields(Node root, Inputs? variables, HashSet<string> allowed)
    {
        if (!root.Arguments!.TryGetValue("filter", out var literal)) return null;
        if (!TryLiteral(literal, variables, out var value)) throw new Fallback();
        if (value is null) return null;
        if (value is not IReadOnlyDictionary<string, object?> fields || fields.Keys.Any(k => !allowed.Contains(k))) throw new Fallback();
        return fields;
    }

    private static T? Field<T>(IReadOnlyDictionary<string, object?> fields, string name) => fields.TryGetValue(name, out var value) && value is not null
        ? value is T typed ? typed : throw new Fallback()
        : default;

    private static readonly HashSet<string> SampleFilterFields = ["theme", "region"];
    private static readonly HashSet<string> ReformFilterFields = ["theme", "region", "year", "yearFrom", "yearTo", "pilotLevel", "sample", "source"];

    private static SampleFilterInput? SampleFilter(Node root, Inputs? variables) => FilterFields(root, variables, SampleFilterFields) is { } f
        ? new SampleFilterInput { Theme = Field<string>(f, "theme"), Region = Field<string>(f, "region") }
        : null;

    private static ListFilterInput? ListFilter(Node root, Inputs? variables) => FilterFields(root, variables, ReformFilterFields) is { } f
        ? new ListFilterInput
        {
            Theme = Field<string>(f, "theme"), Region = Field<string>(f, "region"), Year = Field<int?>(f, "year"), YearFrom = Field<int?>(f, "yearFrom"),
            YearTo = Field<int?>(f, "yearTo"), PilotLevel = Field<string>(f, "pilotLevel"), Sample = Field<int?>(f, "sample"), Source = Field<string>(f, "source"),
        }
        : null;

    /// <summary>A literal (or variable) as a plain value: string, int, null or a map of them; false for anything else (floats, enums, lists).</summary>
    private static bool TryLiteral(GraphQLValue literal, Inputs? variables, out object? value)
    {
        value = null;
        switch (literal)
        {
            case GraphQLNullValue:
                return true;
            case GraphQLStringValue s:
                value = (string)s.Value;
                return true;
            case GraphQLIntValue i when int.TryParse(i.Value.Span, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var number):
                value = number;
                return true;
            case GraphQLVariable v:
                if (variables is not null && variables.TryGetValue(v.Name.StringValue, out value))
                    return value is null or string or int || value is IReadOnlyDictionary<string, object?> map && map.Values.All(x => x is null or string or int);
                return false; // not given: its default (or absence) is the executor's to apply
            case GraphQLObjectValue o:
                var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var field in o.Fields ?? [])
                {
                    if (!TryLiteral(field.Value, variables, out var fieldValue) || fieldValue is IReadOnlyDictionary<string, object?>) return false;
                    fields[field.Name.StringValue] = fieldValue;
                }
                value = fields;
                return true;
            default:
                return false;
        }
    }
}
