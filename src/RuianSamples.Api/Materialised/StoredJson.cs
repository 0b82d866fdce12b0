using System.Text.Json;
using System.Text.Json.Serialization;
using RuianSamples.Api.Common;

namespace RuianSamples.Api.Materialised;

/// <summary>A 200 whose body is JSON already rendered: a record's stored document, or a page composed of them.</summary>
public sealed class StoredJson : IResult
{
    /// <summary>What TypedResults.Ok writes for JSON, so both paths send the same headers.</summary>
    public const string ContentType = "application/json; charset=utf-8";

    private readonly byte[]? _body;
    private readonly Func<HttpResponse, Task>? _write;

    public StoredJson(byte[] body) => _body = body;

    private StoredJson(Func<HttpResponse, Task> write) => _write = write;

    /// <summary>
    /// A page (or any value) whose items are stored documents, serialized as the plain path serializes it,
    /// straight into the response (a page of full records is large; no intermediate array).
    /// </summary>
    public static StoredJson Of<T>(T value) => new(response => JsonSerializer.SerializeAsync(response.Body, value, ApiHttpExtensions.Json, response.HttpContext.RequestAborted));

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        if (_body is null) return _write!(response);
        response.ContentLength = _body.Length;
        return response.Body.WriteAsync(_body, httpContext.RequestAborted).AsTask();
    }
}

/// <summary>One record's stored document inside a page: written as it is, never re-encoded.</summary>
[JsonConverter(typeof(RawRecordConverter))]
public sealed record RawRecord(string Key, byte[] Json);

public sealed class RawRecordConverter : JsonConverter<RawRecord>
{
    public override RawRecord Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Stored documents are written, never read.");

    public override void Write(Utf8JsonWriter writer, RawRecord value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Json, skipInputValidation: true);
}
