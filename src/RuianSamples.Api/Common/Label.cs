namespace RuianSamples.Api.Common;

/// <summary>A bilingual label. <c>zh</c> is the source's wording; <c>en</c> is a RuianSamples translation (or pinyin for places).</summary>
public sealed record Label(string Zh, string En)
{
    /// <summary>Always true: every English text in this catalog is our translation, never the source's.</summary>
    public bool EnIsTranslation => true;
}
