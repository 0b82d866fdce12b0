using System.Text.Json;
using RuianSamples.Api.Common;

namespace RuianSamples.Api.Search;

/// <summary>
/// What a kept page row writes the same way for every query (rows are kept per dataset version,
/// <see cref="SearchQueries.PageAsync"/>): its head's strings escaped and encoded as the writer would, and which of its
/// texts hold nothing the encoder escapes, so that a fragment cut from one is written as its UTF-8 bytes. Made once, when
/// the row is kept, and read by every page the row is on.
/// </summary>
/// <remarks>
/// An uncached page of 20 English hits spent about a twentieth of its CPU in the writer's escaping scan and transcoding
/// of the same titles, URLs and field texts (perf, 2026-12-05, night). The bytes stay the writer's own:
/// <c>Search/SearchJsonTests</c> compares every judged page with the general serializer's.
/// </remarks>
internal sealed class RowJson
{
    private RowJson(SearchQueries.DocRow row)
    {
        Title = new Label(row.TitleZh, row.TitleEn);
        Head = EncodedHead.For(row.Key, row.TitleZh, row.TitleEn, row.Url);
        (TitleZhPlain, TitleEnPlain, TextZhPlain, TextEnPlain) = (IsPlain(row.TitleZh), IsPlain(row.TitleEn), IsPlain(row.TextZh), IsPlain(row.TextEn));
    }

    public static RowJson For(SearchQueries.DocRow row) => new(row);

    /// <summary>The row's title, one for every hit it heads.</summary>
    public Label Title { get; }

    public EncodedHead Head { get; }
    public bool TitleZhPlain { get; }
    public bool TitleEnPlain { get; }
    public bool TextZhPlain { get; }
    public bool TextEnPlain { get; }

    /// <summary>Whether the API's encoder leaves every character of the text as it is (an escape is always longer than the character).</summary>
    public static bool IsPlain(string text) => ApiHttpExtensions.Encoder.Encode(text).Length == text.Length;
}

/// <summary>
/// A hit's or evidence's id, title and URLs as the writer encodes them, with the strings they were made from: the writer
/// uses them only for those same strings.
/// </summary>
internal sealed class EncodedHead
{
    private EncodedHead(string id, string titleZh, string titleEn, string url)
    {
        (IdSource, TitleZhSource, TitleEnSource, UrlSource) = (id, titleZh, titleEn, url);
        var encoder = ApiHttpExtensions.Encoder;
        (Id, Url, HtmlUrl) = (JsonEncodedText.Encode(id, encoder), JsonEncodedText.Encode(url, encoder), JsonEncodedText.Encode(Site.SiteUrls.HtmlUrl(url), encoder));
        (TitleZh, TitleEn) = (new(JsonEncodedText.Encode(titleZh, encoder)), new(JsonEncodedText.Encode(titleEn, encoder)));
    }

    public static EncodedHead For(string id, string titleZh, string titleEn, string url) => new(id, titleZh, titleEn, url);

    public string IdSource { get; }
    public string TitleZhSource { get; }
    public string TitleEnSource { get; }
    public string UrlSource { get; }
    public JsonEncodedText Id { get; }
    public JsonEncodedText Url { get; }
    public JsonEncodedText HtmlUrl { get; }

    /// <summary>The titles, also the whole of a title's snippet (one object each, for the snippets to point at).</summary>
    public EncodedField TitleZh { get; }
    public EncodedField TitleEn { get; }

    /// <summary>Whether this head was made from exactly these strings (a hit copied with another title keeps none).</summary>
    public bool Describes(string id, Label? title, string url) =>
        ReferenceEquals(id, IdSource) && ReferenceEquals(url, UrlSource)
        && title is not null && ReferenceEquals(title.Zh, TitleZhSource) && ReferenceEquals(title.En, TitleEnSource);
}

/// <summary>A field's whole text as the writer encodes it, shared by every snippet that is the whole field.</summary>
internal sealed class EncodedField(JsonEncodedText value)
{
    public JsonEncodedText Value { get; } = value;
}
