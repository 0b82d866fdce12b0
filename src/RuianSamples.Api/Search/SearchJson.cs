using System.Text.Json;
using System.Text.Json.Serialization;
using RuianSamples.Api.Common;

namespace RuianSamples.Api.Search;

/// <summary>
/// The search page's JSON settings: the API's own (<see cref="ApiHttpExtensions.Json"/>) with its hits and their evidence
/// written straight to the writer. An uncached page of 20 hits spent about a sixth of its CPU in System.Text.Json's
/// per-property metadata (perf, 2026-12-05: a hit holds a label, snippets with their ranges, and evidence with theirs);
/// the source generator's fast path would write the same way but is refused for options with a custom encoder, which
/// the API's readable Chinese needs. The bytes are the general serializer's: <c>Search/SearchJsonTests</c> compares
/// every judged query's page, grouped and flat.
/// </summary>
public static class SearchJson
{
    public static readonly JsonSerializerOptions Options = new(ApiHttpExtensions.Json) { Converters = { new HitConverter(), new EvidenceConverter() } };

    private static readonly JsonEncodedText Type = JsonEncodedText.Encode("type"), Id = JsonEncodedText.Encode("id"),
        Title = JsonEncodedText.Encode("title"), Url = JsonEncodedText.Encode("url"), Score = JsonEncodedText.Encode("score"),
        Snippets = JsonEncodedText.Encode("snippets"), Match = JsonEncodedText.Encode("match"), Evidence = JsonEncodedText.Encode("evidence"),
        MoreEvidence = JsonEncodedText.Encode("moreEvidence"), HtmlUrl = JsonEncodedText.Encode("htmlUrl"), Detail = JsonEncodedText.Encode("detail"),
        Zh = JsonEncodedText.Encode("zh"), En = JsonEncodedText.Encode("en"), EnIsTranslation = JsonEncodedText.Encode("enIsTranslation"),
        Field = JsonEncodedText.Encode("field"), Marked = JsonEncodedText.Encode("marked"), Text = JsonEncodedText.Encode("text"),
        Offset = JsonEncodedText.Encode("offset"), Matches = JsonEncodedText.Encode("matches"), Start = JsonEncodedText.Encode("start"),
        Length = JsonEncodedText.Encode("length");

    // Property order is the records' declaration order, as the general serializer writes them (HtmlUrl, a body property, last).
    private sealed class HitConverter : JsonConverter<SearchHit>
    {
        public override SearchHit Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

        public override void Write(Utf8JsonWriter writer, SearchHit hit, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            WriteHead(writer, hit.Type, hit.Id, hit.Title, hit.Url);
            writer.WriteNumber(Score, hit.Score);
            WriteSnippets(writer, hit.Snippets);
            writer.WriteString(Match, hit.Match);
            writer.WriteStartArray(Evidence);
            for (var i = 0; i < hit.Evidence.Count; i++) WriteEvidence(writer, hit.Evidence[i]);
            writer.WriteEndArray();
            writer.WriteNumber(MoreEvidence, hit.MoreEvidence);
            writer.WriteString(HtmlUrl, Site.SiteUrls.HtmlUrlSpan(hit.Url)); // hit.HtmlUrl, without making the string
            writer.WriteEndObject();
        }
    }

    private sealed class EvidenceConverter : JsonConverter<SearchEvidence>
    {
        public override SearchEvidence Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

        public override void Write(Utf8JsonWriter writer, SearchEvidence evidence, JsonSerializerOptions options) => WriteEvidence(writer, evidence);
    }

    private static void WriteEvidence(Utf8JsonWriter writer, SearchEvidence evidence)
    {
        writer.WriteStartObject();
        WriteHead(writer, evidence.Type, evidence.Id, evidence.Title, evidence.Url);
        writer.WriteString(Detail, evidence.Detail);
        writer.WriteNumber(Score, evidence.Score);
        WriteSnippets(writer, evidence.Snippets);
        writer.WriteEndObject();
    }

    private static void WriteHead(Utf8JsonWriter writer, string type, string id, Label? title, string url)
    {
        writer.WriteString(Type, type);
        writer.WriteString(Id, id);
        if (title is null) writer.WriteNull(Title);
        else
        {
            writer.WriteStartObject(Title);
            writer.WriteString(Zh, title.Zh);
            writer.WriteString(En, title.En);
            writer.WriteBoolean(EnIsTranslation, title.EnIsTranslation);
            writer.WriteEndObject();
        }
        writer.WriteString(Url, url);
    }

    private static void WriteSnippets(Utf8JsonWriter writer, IReadOnlyList<Snippet> snippets)
    {
        writer.WriteStartArray(Snippets);
        for (var i = 0; i < snippets.Count; i++)
        {
            var snippet = snippets[i];
            writer.WriteStartObject();
            writer.WriteString(Field, snippet.Field);
            // The marked fragment in parts, straight from the field's text: the strings are never made.
            if (snippet.MarkedIfMade is { } marked) writer.WriteString(Marked, marked);
            else
            {
                writer.WritePropertyName(Marked);
                foreach (var (part, isMatch) in snippet.Parts())
                {
                    if (isMatch) writer.WriteStringValueSegment("«", isFinalSegment: false);
                    writer.WriteStringValueSegment(part, isFinalSegment: false);
                    if (isMatch) writer.WriteStringValueSegment("»", isFinalSegment: false);
                }
                writer.WriteStringValueSegment(ReadOnlySpan<char>.Empty, isFinalSegment: true);
            }
            writer.WriteString(Text, snippet.TextSpan());
            writer.WriteNumber(Offset, snippet.Offset);
            writer.WriteStartArray(Matches);
            for (var m = 0; m < snippet.Matches.Count; m++)
            {
                var range = snippet.Matches[m];
                writer.WriteStartObject();
                writer.WriteNumber(Start, range.Start);
                writer.WriteNumber(Length, range.Length);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
}
