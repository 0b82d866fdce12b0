using System.Buffers;
using System.Text;
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
            var head = hit.Head is { } h && h.Describes(hit.Id, hit.Title, hit.Url) ? h : null;
            WriteHead(writer, hit.Type, hit.Id, hit.Title, hit.Url, head);
            WriteScore(writer, hit.Score);
            WriteSnippets(writer, hit.Snippets);
            WriteWord(writer, Match, hit.Match);
            writer.WriteStartArray(Evidence);
            for (var i = 0; i < hit.Evidence.Count; i++) WriteEvidence(writer, hit.Evidence[i]);
            writer.WriteEndArray();
            writer.WriteNumber(MoreEvidence, hit.MoreEvidence);
            if (head is not null) writer.WriteString(HtmlUrl, head.HtmlUrl);
            else writer.WriteString(HtmlUrl, Site.SiteUrls.HtmlUrlSpan(hit.Url)); // hit.HtmlUrl, without making the string
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
        var head = evidence.Head is { } h && h.Describes(evidence.Id, evidence.Title, evidence.Url) ? h : null;
        WriteHead(writer, evidence.Type, evidence.Id, evidence.Title, evidence.Url, head);
        writer.WriteString(Detail, evidence.Detail);
        WriteScore(writer, evidence.Score);
        WriteSnippets(writer, evidence.Snippets);
        writer.WriteEndObject();
    }

    private static void WriteHead(Utf8JsonWriter writer, string type, string id, Label? title, string url, EncodedHead? head)
    {
        WriteWord(writer, Type, type);
        if (head is not null)
        {
            // A kept row's strings, escaped and encoded when it was kept (RowJson): copied, not scanned and transcoded again.
            writer.WriteString(Id, head.Id);
            writer.WriteStartObject(Title);
            writer.WriteString(Zh, head.TitleZh.Value);
            writer.WriteString(En, head.TitleEn.Value);
            writer.WriteBoolean(EnIsTranslation, title!.EnIsTranslation);
            writer.WriteEndObject();
            writer.WriteString(Url, head.Url);
            return;
        }
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

    // The few words a page repeats in every hit (types, match kinds, field names), encoded once.
    private static readonly JsonEncodedText SampleWord = Word("sample"), ReformWord = Word("reform"), FigureWord = Word("figure"),
        PassageWord = Word("passage"), RecordWord = Word("record"), EvidenceWord = Word("evidence"), TitleZhWord = Word("title.zh"),
        TitleEnWord = Word("title.en"), TextZhWord = Word("text.zh"), TextEnWord = Word("text.en");

    private static JsonEncodedText Word(string word) => JsonEncodedText.Encode(word, ApiHttpExtensions.Encoder);

    private static void WriteWord(Utf8JsonWriter writer, JsonEncodedText name, string value)
    {
        JsonEncodedText? encoded = value switch
        {
            "sample" => SampleWord, "reform" => ReformWord, "figure" => FigureWord, "passage" => PassageWord, "record" => RecordWord,
            "evidence" => EvidenceWord, "title.zh" => TitleZhWord, "title.en" => TitleEnWord, "text.zh" => TextZhWord, "text.en" => TextEnWord,
            _ => null,
        };
        if (encoded is { } word) writer.WriteString(name, word);
        else writer.WriteString(name, value);
    }

    /// <summary>
    /// A score (rounded to four decimals) as the writer writes a double, its shortest round-trip form: for such a number
    /// between 0.0001 and 10^9 that is its decimal digits, which are formatted here without the general float formatter.
    /// </summary>
    private static void WriteScore(Utf8JsonWriter writer, double score)
    {
        var magnitude = Math.Abs(score);
        var scaled = Math.Round(magnitude * 10_000);
        if (!(magnitude >= 0.0001 && magnitude < 1e9) || scaled / 10_000 != magnitude)
        {
            writer.WriteNumber(Score, score);
            return;
        }
        Span<byte> digits = stackalloc byte[24];
        var units = (long)scaled;
        var at = digits.Length;
        var fraction = (int)(units % 10_000);
        var places = 4;
        while (places > 0 && fraction % 10 == 0) { fraction /= 10; places--; }
        for (var i = 0; i < places; i++) { digits[--at] = (byte)('0' + fraction % 10); fraction /= 10; }
        if (places > 0) digits[--at] = (byte)'.';
        var whole = units / 10_000;
        do { digits[--at] = (byte)('0' + whole % 10); whole /= 10; } while (whole > 0);
        if (score < 0) digits[--at] = (byte)'-';
        writer.WritePropertyName(Score);
        writer.WriteRawValue(digits[at..], skipInputValidation: true);
    }

    private static void WriteSnippets(Utf8JsonWriter writer, IReadOnlyList<Snippet> snippets)
    {
        writer.WriteStartArray(Snippets);
        for (var i = 0; i < snippets.Count; i++)
        {
            var snippet = snippets[i];
            writer.WriteStartObject();
            WriteWord(writer, Field, snippet.Field);
            // The marked fragment in parts, straight from the field's text: the strings are never made.
            if (snippet.MarkedIfMade is { } marked) writer.WriteString(Marked, marked);
            else if (snippet.Plain && MarkersArePlain)
            {
                writer.WritePropertyName(Marked);
                WriteUnescaped(writer, snippet, marked: true);
            }
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
            if (snippet.EncodedText is { } encoded) writer.WriteString(Text, encoded);
            else if (snippet.Plain)
            {
                writer.WritePropertyName(Text);
                WriteUnescaped(writer, snippet, marked: false);
            }
            else writer.WriteString(Text, snippet.TextSpan());
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

    // Whether the encoder leaves the match markers as they are (then a plain field's marked fragment needs no escaping either).
    private static readonly bool MarkersArePlain = RowJson.IsPlain("«»");

    /// <summary>
    /// A fragment of a field the encoder escapes nothing in (<see cref="Snippet.Plain"/>), as a JSON string: its UTF-8
    /// bytes between quotes, with « and » around each match when <paramref name="marked"/>: what the writer would write.
    /// </summary>
    private static void WriteUnescaped(Utf8JsonWriter writer, Snippet snippet, bool marked)
    {
        var text = snippet.TextSpan();
        var most = text.Length * 3 + (marked ? snippet.Matches.Count * 4 : 0) + 2;
        byte[]? rented = null;
        Span<byte> buffer = most <= 1024 ? stackalloc byte[1024] : (rented = ArrayPool<byte>.Shared.Rent(most));
        var at = 0;
        buffer[at++] = (byte)'"';
        if (!marked) at += Encoding.UTF8.GetBytes(text, buffer[at..]);
        else
            foreach (var (part, isMatch) in snippet.Parts())
            {
                if (isMatch) { buffer[at++] = 0xC2; buffer[at++] = 0xAB; } // «
                at += Encoding.UTF8.GetBytes(part, buffer[at..]);
                if (isMatch) { buffer[at++] = 0xC2; buffer[at++] = 0xBB; } // »
            }
        buffer[at++] = (byte)'"';
        writer.WriteRawValue(buffer[..at], skipInputValidation: true);
        if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
    }
}
