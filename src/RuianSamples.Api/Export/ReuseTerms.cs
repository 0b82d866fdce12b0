namespace RuianSamples.Api.Export;

/// <summary>
/// What may be reused and how, said once: the data package, the schema.org Dataset and the README
/// repeat these words. Three kinds of content have three owners.
/// </summary>
public static class ReuseTerms
{
    public const string DataLicenseName = "CC-BY-4.0";
    public const string DataLicenseTitle = "Creative Commons Attribution 4.0 International";
    public const string DataLicenseUrl = "https://creativecommons.org/licenses/by/4.0/";

    public const string Attribution = "RuianSamples, Wenzhou common-prosperity practice samples and Rui'an reforms catalog";

    public const string CuratedData =
        "The curated data (the records, their structure, classifications, inferred dates and themes, and all identifiers) is licensed under CC BY 4.0: "
        + "reuse it, including commercially, with attribution to RuianSamples and the dataset version.";

    public const string Translations =
        "The English texts (every `en` label, marked enIsTranslation) are RuianSamples translations, licensed under CC BY 4.0 with the curated data; "
        + "they are not the sources' wording and must not be quoted as such.";

    public const string QuotedTexts =
        "The quoted source texts (every `quote`, the source texts under /api/v1/sources/{id}/text, titles and bylines) belong to their publishers "
        + "and authors and are not licensed by RuianSamples. They are reproduced as short quotations to make each fact verifiable; "
        + "quote them as quotations, cite the source (each record's citation names it), and ask the publisher for anything beyond that.";

    public static IReadOnlyList<string> All => [CuratedData, Translations, QuotedTexts];
}
