using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Net.Http.Headers;

namespace RuianSamples.Api.Common;

/// <summary>
/// Strong ETags per representation: a compressed body is a different representation from the
/// identity body (RFC 9110 §8.8.3), so the tag names the content coding the response will get.
/// </summary>
public static class ETags
{
    /// <summary>The tag for this response: <paramref name="opaque"/> plus the coding the compression middleware will apply. Call after Content-Type is set.</summary>
    public static string ForResponse(HttpContext context, string opaque)
    {
        var compression = context.RequestServices.GetService<IResponseCompressionProvider>();
        var coding = compression is not null && compression.CheckRequestAcceptsCompression(context) && compression.ShouldCompressResponse(context)
            ? compression.GetCompressionProvider(context)?.EncodingName
            : null;
        return "\"" + opaque + (coding is null ? "" : "-" + coding) + "\"";
    }

    /// <summary>If-None-Match (weak comparison, as RFC 9110 asks for it).</summary>
    public static bool NoneMatch(HttpRequest request, string etag)
    {
        var header = request.Headers.IfNoneMatch;
        if (header.Count == 0 || !EntityTagHeaderValue.TryParseList(header, out var tags)) return false;
        return tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Tag.Equals(etag, StringComparison.Ordinal));
    }
}
